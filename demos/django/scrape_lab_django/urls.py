"""GET /work, and GET /metrics answered the mode's way."""

from django.urls import path
from django_prometheus.exports import ExportToDjangoView

from . import config, metrics_views, views


def _metrics_view():
    mode = config.current().mode
    if mode == "direct":
        # django-prometheus' view as the talk's Demo 1 mounts it: this worker's default registry.
        return ExportToDjangoView
    if mode == "multiprocess":
        return metrics_views.multiprocess_metrics
    return metrics_views.statsd_metrics


urlpatterns = [
    path("work", views.work, name="work"),
    path("metrics", _metrics_view(), name="metrics"),
]
