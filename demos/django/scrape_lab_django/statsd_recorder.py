"""Request metrics sent as DogStatsD, as the talk's Demo 2 does: datadog.DogStatsd(use_ms=True).

Workers keep no totals: each request is one datagram per metric to the bridge, which sums them.
Names and units are the bridge mapping's business (config/statsd-mapping.yml). statsd_exporter
turns a timer's milliseconds into seconds, so the talk's repo, which sent
django_request_latency_ms, got seconds under an _ms name; the mapping here names it ..._seconds.
"""

from datadog import DogStatsd


class StatsdRecorder:
    def __init__(self, host: str, port: int):
        self.statsd = DogStatsd(
            host=host,
            port=port,
            # As in the talk. It sets the unit of timed(); timing() below gets milliseconds anyway.
            use_ms=True,
            # Would add |c:<container id> to each datagram, which statsd_exporter makes a label of.
            origin_detection_enabled=False,
        )

    def started(self) -> None:
        # DogStatsD has no relative-gauge call, but statsd_exporter reads a signed value as a
        # delta; "+1" goes as text, since the number 1 would set the gauge to 1.
        self.statsd.gauge("django.http.requests_in_flight", "+1")

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        tags = [f"method:{method}", f"route:{route}", f"status:{status}"]
        self.statsd.increment("django.http.requests", tags=tags)
        self.statsd.timing("django.http.request_duration_ms", seconds * 1000, tags=tags)
        self.statsd.gauge("django.http.requests_in_flight", -1)
