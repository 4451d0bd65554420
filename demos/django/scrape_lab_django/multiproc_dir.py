"""prometheus_client's multiprocess folder: wiped before gunicorn forks, measured per scrape."""

import os
from typing import Tuple


def wipe(path: str) -> int:
    """Creates the folder or deletes the .db files of an earlier run; returns how many it deleted.

    An earlier run's values would be merged into this run's counters. Only client_python's own
    *.db files go, so a folder named by mistake loses nothing else.
    """
    os.makedirs(path, exist_ok=True)
    deleted = 0
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name.endswith(".db") and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                deleted += 1
    return deleted


def usage(path: str) -> Tuple[int, int]:
    """(files, bytes) of the .db files in the folder: what every scrape opens and merges."""
    files = 0
    size = 0
    with os.scandir(path) as entries:
        for entry in entries:
            if not (entry.name.endswith(".db") and entry.is_file(follow_symlinks=False)):
                continue
            try:
                size += entry.stat(follow_symlinks=False).st_size
            except FileNotFoundError:
                # mark_process_dead() removed a dead worker's gauge file after the listing.
                continue
            files += 1
    return files, size
