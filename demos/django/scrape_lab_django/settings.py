"""Django's settings for one mode, built from the validated config, not from the environment."""

from .config import Config

_OWN = "scrape_lab_django"


def django_settings(cfg: Config) -> dict:
    direct = cfg.mode == "direct"
    middleware = [
        f"{_OWN}.worker_header.WorkerHeaderMiddleware",
        f"{_OWN}.request_metrics.RequestMetricsMiddleware",
    ]
    if direct:
        # The talk's Demo 1: django-prometheus' pair around the rest, Before first, After last.
        middleware = [
            "django_prometheus.middleware.PrometheusBeforeMiddleware",
            *middleware,
            "django_prometheus.middleware.PrometheusAfterMiddleware",
        ]
    return {
        "DEBUG": False,
        # No sessions, cookies or signing: the key only satisfies Django's start-up check.
        "SECRET_KEY": "scrape-lab-django-demo-signs-nothing",
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "[::1]", cfg.host, *cfg.allowed_hosts],
        "INSTALLED_APPS": ["django_prometheus"] if direct else [],
        "MIDDLEWARE": middleware,
        "ROOT_URLCONF": f"{_OWN}.urls",
        # The demo keeps no data: no database, no templates.
        "DATABASES": {},
        "USE_TZ": True,
    }
