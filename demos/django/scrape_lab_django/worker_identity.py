"""Which gunicorn worker this process is: set by the post_fork hook, sent on every response."""

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class WorkerIdentity:
    # gunicorn's worker age: never handed out twice by one master, like a Node cluster worker id.
    id: int
    # 1..N: the lowest slot free when the worker was forked; a replacement takes the slot back.
    slot: int
    # Unix time in milliseconds at fork, for the admin API's uptime.
    forked_at_ms: int


_identity: Optional[WorkerIdentity] = None


def set_identity(identity: WorkerIdentity) -> None:
    global _identity
    _identity = identity


def identity() -> Optional[WorkerIdentity]:
    """None outside a gunicorn worker (e.g. in a unit test)."""
    return _identity


def lowest_free_slot(taken) -> int:
    """The smallest slot number, from 1, that no live worker holds."""
    used = set(taken)
    slot = 1
    while slot in used:
        slot += 1
    return slot
