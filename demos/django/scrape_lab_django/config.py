"""The one reader of os.environ for the Django demo: gunicorn's config file, the hooks, the app.

Every variable is validated when first read; a bad one stops the process with a message naming it.
The runner (demos/django/runner.ts) sets them; run by hand, only DJANGO_DEMO_MODE is required.
"""

import functools
import os
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

MODES = ("direct", "multiprocess", "statsd")


class ConfigError(Exception):
    """An invalid environment; the message names every bad variable."""


@dataclass(frozen=True)
class Config:
    mode: str
    host: str
    port: int
    workers: int
    # 0 keeps workers for ever; N recycles each worker after N requests (gunicorn max_requests).
    max_requests: int
    # Host names Django answers for beyond the loopback names and the bind host.
    allowed_hosts: Tuple[str, ...]
    # The file descriptor the runner reads worker events from; None when run by hand.
    events_fd: Optional[int]
    bridge_host: str
    bridge_port: int
    # prometheus_client's own variable: set before gunicorn starts, in multiprocess mode only.
    multiproc_dir: Optional[str]


def load_config(env: Mapping[str, str]) -> Config:
    """Validates `env`; a ConfigError names every bad variable. Empty strings count as unset."""
    env = {k: v for k, v in env.items() if v != ""}
    errors = []

    def integer(name, default, low, high):
        raw = env.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            errors.append(f"{name}: must be a whole number from {low} to {high}, got {raw!r}")
            return default
        return value

    modes = ", ".join(MODES)
    mode = env.get("DJANGO_DEMO_MODE")
    if mode is None:
        errors.append(f"DJANGO_DEMO_MODE: required, one of {modes}")
    elif mode not in MODES:
        errors.append(f"DJANGO_DEMO_MODE: unknown mode {mode!r}, expected one of {modes}")

    events_fd = integer("DJANGO_DEMO_EVENTS_FD", None, 3, 1023)
    multiproc_dir = env.get("PROMETHEUS_MULTIPROC_DIR")
    if mode == "multiprocess" and multiproc_dir is None:
        errors.append(
            "PROMETHEUS_MULTIPROC_DIR: required in multiprocess mode (a folder for the mmap files)"
        )
    if mode in ("direct", "statsd") and multiproc_dir is not None:
        # prometheus_client would quietly put every worker's values in files: not direct any more.
        errors.append(f"PROMETHEUS_MULTIPROC_DIR: must be unset in {mode} mode")
    if "prometheus_multiproc_dir" in env:
        errors.append("prometheus_multiproc_dir: the lowercase spelling is deprecated; unset it")

    allowed_hosts = env.get("DJANGO_DEMO_ALLOWED_HOSTS", "").split(",")
    config = Config(
        mode=mode or "",
        host=env.get("DJANGO_DEMO_HOST", "127.0.0.1"),
        port=integer("DJANGO_DEMO_PORT", 8084, 1, 65535),
        workers=integer("DJANGO_DEMO_WORKERS", 4, 1, 16),
        max_requests=integer("DJANGO_DEMO_MAX_REQUESTS", 0, 0, 1_000_000),
        allowed_hosts=tuple(h.strip() for h in allowed_hosts if h.strip()),
        events_fd=events_fd,
        bridge_host=env.get("BRIDGE_HOST", "127.0.0.1"),
        bridge_port=integer("BRIDGE_UDP_PORT", 9125, 1, 65535),
        multiproc_dir=multiproc_dir,
    )
    if errors:
        raise ConfigError("invalid environment:\n" + "\n".join(f"  {e}" for e in errors))
    return config


@functools.lru_cache(maxsize=None)
def current() -> Config:
    """This process's configuration, read once."""
    return load_config(os.environ)
