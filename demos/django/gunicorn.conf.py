"""gunicorn's settings for the Django demo, from the validated environment.

Run by hand from this folder:  DJANGO_DEMO_MODE=direct python -m gunicorn -c gunicorn.conf.py
"""

import sys

# Aliased: gunicorn reads every module-level name here as a setting, and `config` is one.
from scrape_lab_django import config as demo_config
from scrape_lab_django import gunicorn_hooks

try:
    _cfg = demo_config.current()
except demo_config.ConfigError as error:
    sys.exit(str(error))

wsgi_app = "scrape_lab_django.wsgi:application"
bind = [f"[{_cfg.host}]:{_cfg.port}" if ":" in _cfg.host else f"{_cfg.host}:{_cfg.port}"]
# Sync workers, as in the talk: one request at a time each, and every connection closed after
# its answer, so each scrape is a new connection that any worker may accept.
worker_class = "sync"
workers = _cfg.workers
max_requests = _cfg.max_requests
# No jitter, so a recycling run repeats. Workers sharing the load then reach max_requests together
# and are replaced in waves; real deployments add jitter to spread them out.
max_requests_jitter = 0
# Each worker imports Django and the metrics itself: nothing metric-related lives in the master.
preload_app = False
# gunicorn 25.1+ opens a control socket at one path per user: two demo apps would fight over it.
control_socket_disable = True
graceful_timeout = 5
loglevel = "warning"

on_starting = gunicorn_hooks.on_starting
pre_fork = gunicorn_hooks.pre_fork
post_fork = gunicorn_hooks.post_fork
post_worker_init = gunicorn_hooks.post_worker_init
child_exit = gunicorn_hooks.child_exit
nworkers_changed = gunicorn_hooks.nworkers_changed
