"""Extraction in worker processes: what a worker runs when it starts.

Lives here, beside the pure extraction code, because a spawned worker imports
it without Django."""

from __future__ import annotations

import os
import threading
import time

from .nlp import load_pipeline


def start_worker(parent_pid: int) -> None:
    """Load the spaCy pipeline once, and exit when the parent process is gone:
    a parent killed with SIGKILL cannot stop its workers itself."""
    load_pipeline()
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1)
    os._exit(1)
