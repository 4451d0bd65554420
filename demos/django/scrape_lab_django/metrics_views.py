"""GET /metrics for the modes that do not use django-prometheus' own view."""

import logging
import struct

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from . import config, multiproc_dir

log = logging.getLogger("gunicorn.error")

# The start of the answer to a scrape that met a worker's file before client_python had sized it.
UNSIZED_FILE = "multiprocess: a worker's file was read before it was sized"


class MultiprocDirCollector:
    """How many mmap files a scrape merges, and their size: what grows as workers are recycled."""

    def __init__(self, path: str):
        self.path = path

    def collect(self):
        files, size = multiproc_dir.usage(self.path)
        yield GaugeMetricFamily(
            "scrape_lab_multiproc_files",
            "Files in PROMETHEUS_MULTIPROC_DIR that each scrape opens and merges.",
            value=files,
        )
        yield GaugeMetricFamily(
            "scrape_lab_multiproc_bytes",
            "Bytes of the files in PROMETHEUS_MULTIPROC_DIR.",
            value=size,
        )


@require_GET
def multiprocess_metrics(request):
    """Every worker's files merged into a registry made for this scrape, as client_python asks: the
    default registry holds this worker's metrics too, and would export them a second time."""
    path = config.current().multiproc_dir
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=path)
    registry.register(MultiprocDirCollector(path))
    try:
        body = generate_latest(registry)
    except struct.error as error:
        # A new worker's file exists at 0 bytes until client_python sizes it; a scrape in that window fails
        # whole, in any deployment of this mode (prometheus/client_python#1199). Said and logged, not hidden.
        log.warning("%s: %s", UNSIZED_FILE, error)
        return HttpResponse(
            f"{UNSIZED_FILE}: {error}\n", status=500, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


@require_GET
def statsd_metrics(request):
    return HttpResponse(
        "This app sends StatsD; scrape the bridge, not the app.\n",
        status=404,
        content_type="text/plain; charset=utf-8",
    )
