"""Middleware that counts and times the app's own requests (GET /work) with the mode's recorder.

/metrics scrapes are not counted: the lab compares the counter with the /work requests it sent.
Each request is counted before its answer leaves, so a client holding the answer knows it is in.
"""

import logging
import time

from . import config
from .prometheus_recorder import PrometheusRecorder
from .statsd_recorder import StatsdRecorder

COUNTED_URL_NAMES = frozenset({"work"})

log = logging.getLogger("gunicorn.error")


def _recorder():
    cfg = config.current()
    if cfg.mode == "statsd":
        return StatsdRecorder(cfg.bridge_host, cfg.bridge_port)
    return PrometheusRecorder()


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.recorder = _recorder()
        self.failures = 0

    def __call__(self, request):
        response = self.get_response(request)
        started = getattr(request, "scrape_lab_started", None)
        if started is not None:
            route = "/" + request.resolver_match.route
            seconds = time.perf_counter() - started
            status = response.status_code
            self._guarded(self.recorder.finished, request.method, route, status, seconds)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "GET" and request.resolver_match.url_name in COUNTED_URL_NAMES:
            request.scrape_lab_started = time.perf_counter()
            self._guarded(self.recorder.started)
        return None

    def _guarded(self, record, *args):
        """Metrics never take a request down with them: a failure is counted and logged instead."""
        try:
            record(*args)
        except Exception:
            self.failures += 1
            if self.failures == 1 or self.failures % 1000 == 0:
                log.exception("request metrics: %d recording(s) failed", self.failures)
