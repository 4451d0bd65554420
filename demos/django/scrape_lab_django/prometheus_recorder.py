"""The demo's own request metrics in prometheus_client, with the Node demo's names and labels.

In direct mode they live in this worker's memory (the default registry, beside django-prometheus'
own); in multiprocess mode, with PROMETHEUS_MULTIPROC_DIR set, in this worker's mmap files.
"""

from prometheus_client import Counter, Gauge, Histogram

LABELS = ("method", "route", "status")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class PrometheusRecorder:
    def __init__(self):
        self.requests = Counter(
            "demo_http_requests_total",
            "HTTP requests answered: by this worker (direct), by all workers (multiprocess).",
            LABELS,
        )
        # Every series the app can answer starts at 0: a series that appears at its first
        # increment has no sample before it, and increase() misses that first count.
        for status in ("200", "500"):
            self.requests.labels("GET", "/work", status)
        self.duration = Histogram(
            "demo_http_request_duration_seconds",
            "Time from request start to response, in seconds.",
            LABELS,
            buckets=BUCKETS,
        )
        # livesum: the app's in-flight total is the sum over the workers alive now. The default
        # ("all") gives a series per pid, dead ones too; "sum" keeps a killed worker's last value.
        self.in_flight = Gauge(
            "demo_http_requests_in_flight",
            "Requests the app's workers are handling right now.",
            multiprocess_mode="livesum",
        )

    def started(self) -> None:
        self.in_flight.inc()

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.duration.labels(*labels).observe(seconds)
        self.in_flight.dec()
