"""Fills the multiprocess folder with dead workers' files, fast: for bench/django-multiprocess.ts.

Run from demos/django:
  PROMETHEUS_MULTIPROC_DIR=<folder> python -m bench.multiproc_files --until <files>

Each forked process records one GET /work answered 200 and one answered 500 through the app's own
PrometheusRecorder, as a recycled gunicorn worker would have, and exits; then its live* gauge file
is removed as the gunicorn master's child_exit hook removes it. That leaves its counter and
histogram files behind, which every later scrape opens and merges. Prints one JSON line:
{"processes": forked, "files": .db files now, "bytes": their size}.
"""

import argparse
import json
import os
import sys

# client_python picks its file-backed values at import, from this variable: it must be set first.
_FOLDER = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if not _FOLDER or not os.path.isdir(_FOLDER):
    sys.exit(f"PROMETHEUS_MULTIPROC_DIR: must name an existing folder, got {_FOLDER!r}")

from prometheus_client import multiprocess  # noqa: E402

from scrape_lab_django import multiproc_dir  # noqa: E402
from scrape_lab_django.prometheus_recorder import PrometheusRecorder  # noqa: E402

# Forked at once before waiting: the folder fills in seconds, not minutes, on a small machine.
BATCH = 16
# What each process leaves once its live* gauge file is gone: counter_<pid>.db, histogram_<pid>.db.
FILES_LEFT_PER_PROCESS = 2


def one_dead_worker() -> None:
    """In the forked child: its pid is new, so client_python opens files of its own."""
    recorder = PrometheusRecorder()
    for status in (200, 500):
        recorder.started()
        recorder.finished("GET", "/work", status, 0.02)


def fork_batch(count: int) -> None:
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                one_dead_worker()
            except BaseException as error:
                print(f"multiproc_files: a forked process failed: {error!r}", file=sys.stderr)
                code = 1
            # No atexit, no flush of the parent's buffers: the values are in the shared mmap.
            os._exit(code)
        pids.append(pid)
    failed = 0
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failed += 1
        multiprocess.mark_process_dead(pid, _FOLDER)
    if failed:
        sys.exit(f"multiproc_files: {failed} of {count} forked processes failed")


def main(argv) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--until", type=int, required=True, help="stop once the folder holds this many .db files"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.until <= 100_000:
        sys.exit(f"--until: must be a whole number from 1 to 100000, got {args.until}")
    files, _ = multiproc_dir.usage(_FOLDER)
    forked = 0
    while files < args.until:
        missing = -(-(args.until - files) // FILES_LEFT_PER_PROCESS)
        count = min(BATCH, missing)
        fork_batch(count)
        forked += count
        files += count * FILES_LEFT_PER_PROCESS
    files, size = multiproc_dir.usage(_FOLDER)
    print(json.dumps({"processes": forked, "files": files, "bytes": size}))


if __name__ == "__main__":
    main(sys.argv[1:])
