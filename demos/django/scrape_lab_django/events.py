"""Worker events for the runner: one JSON object a line on the descriptor DJANGO_DEMO_EVENTS_FD.

The master writes `target` and `exit`, each worker its own `ready`. Each line is one short
os.write(), which the kernel delivers whole: lines of several processes never interleave.
Without the variable (gunicorn run by hand) nothing is written.
"""

import json
import logging
import os

from . import config

log = logging.getLogger("gunicorn.error")
_failed_writes = 0


def emit(event: dict) -> None:
    """Writes one event; never raises: a hook that raised would take gunicorn's master down."""
    global _failed_writes
    fd = config.current().events_fd
    if fd is None:
        return
    try:
        os.write(fd, (json.dumps(event, separators=(",", ":")) + "\n").encode())
    except OSError as error:
        _failed_writes += 1
        # The first failure says why; the count says how many the runner has missed since.
        if _failed_writes == 1 or _failed_writes % 100 == 0:
            log.warning(
                "events: %d event(s) not delivered to fd %d (%s); the runner misses changes",
                _failed_writes,
                fd,
                error,
            )
