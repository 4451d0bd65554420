"""gunicorn server hooks: the multiprocess folder's life, worker slots, and events for the runner.

The hooks run in the master, except post_fork and post_worker_init, which run in the new worker.
An exception in a master hook stops gunicorn, so the ones that run while it serves catch theirs;
on_starting may fail, and gunicorn then does not start at all.
"""

import time

from prometheus_client import multiprocess

from . import config, events, multiproc_dir, worker_identity


def on_starting(server):
    """Before the first fork: an earlier run's files would be merged into this run's counters."""
    cfg = config.current()
    if cfg.mode == "multiprocess":
        deleted = multiproc_dir.wipe(cfg.multiproc_dir)
        if deleted > 0:
            server.log.warning(
                "multiprocess: deleted %d file(s) an earlier run left in %s; merged, they would"
                " have added that run's counts to this one's",
                deleted,
                cfg.multiproc_dir,
            )


def pre_fork(server, worker):
    # In the master, so that two workers forked at once cannot take the same slot.
    worker.scrape_lab_slot = worker_identity.lowest_free_slot(
        getattr(w, "scrape_lab_slot", 0) for w in server.WORKERS.values()
    )


def post_fork(server, worker):
    identity = worker_identity.WorkerIdentity(
        id=worker.age, slot=worker.scrape_lab_slot, forked_at_ms=int(time.time() * 1000)
    )
    worker_identity.set_identity(identity)


def post_worker_init(worker):
    """The app is loaded and the worker is about to accept: from now on it serves."""
    identity = worker_identity.identity()
    events.emit(
        {
            "event": "ready",
            "id": identity.id,
            "pid": worker.pid,
            "slot": identity.slot,
            "forkedAtMs": identity.forked_at_ms,
        }
    )


def child_exit(server, worker):
    """In the master, for every worker that ended, however it ended (SIGKILL too)."""
    cfg = config.current()
    if cfg.mode == "multiprocess":
        # Removes only the pid's live* gauge files: its counters stay, or sums would go backwards.
        try:
            multiprocess.mark_process_dead(worker.pid, cfg.multiproc_dir)
        except OSError as error:
            server.log.warning("multiprocess: no clean-up after pid %s: %s", worker.pid, error)
    events.emit({"event": "exit", "id": worker.age, "pid": worker.pid})


def nworkers_changed(server, new_value, old_value):
    """TTIN, TTOU and a reload change the master's worker count; the runner waits on each."""
    events.emit({"event": "target", "workers": new_value})
