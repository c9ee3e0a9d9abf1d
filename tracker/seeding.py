"""Seeding: seed files on disk to stored articles.

Files are read and parsed first, cheaply; an article whose content hash is
already stored is skipped before the costly extraction runs. Extraction runs
in this process or, with ``jobs`` above one, in that many worker processes;
this process alone writes, in batches of articles per transaction, in the
order of the files, so the result is the same whatever the number of jobs.
Memory stays flat however many files there are: files are read as they are
needed and only a few chunks are ever in flight.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from tracker.extraction import Document, SeedError, read_seed_file

from . import bulk
from .models import Article

SEED_SUFFIXES = {".txt"}
# Articles stored per transaction: large enough that a commit is cheap per
# article, small enough that a failed batch is quickly stored again one by one.
BATCH_SIZE = 50
# Documents per extraction task: large enough for the parser's batching and to
# keep the workers busy, small enough that little is lost in flight.
CHUNK_SIZE = 16
# In this process (one job) extraction takes turns with storing, which pushes
# the parser's weights out of the CPU's caches: larger chunks take fewer turns
# (about 2% faster than 16 on the Reuters sample). Only one chunk is in hand.
LOCAL_CHUNK_SIZE = 64
# A worker process is replaced after this many tasks: spaCy's string store
# grows with every new word it meets.
TASKS_PER_WORKER = 250
STORE_ATTEMPTS = 3


@dataclass
class Outcome:
    path: str
    status: str  # "stored", "skipped" or "failed"
    reason: str = ""
    article_id: int | None = None


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)

    @property
    def stored(self):
        return self.counts["stored"]

    @property
    def skipped(self):
        return self.counts["skipped"]

    @property
    def failed(self):
        return self.counts["failed"]

    def line(self) -> str:
        return f"Stored {self.stored}, skipped {self.skipped}, failed {self.failed}."


def collect_files(paths: Iterable[str | Path]) -> Iterator[tuple[str, Path | None, str]]:
    """(name, path, problem) for every seed file under ``paths``: files as
    given, folders walked (without following links to folders, so a link loop
    ends the walk) for ``*.txt`` files in name order. A path that does not
    exist yields a problem instead of a file."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in SEED_SUFFIXES and not name.startswith("."):
                        yield str(Path(root) / name), Path(root) / name, ""
        elif path.is_file():
            yield str(path), path, ""
        elif path.is_symlink():
            yield str(path), None, "the link points nowhere or into a loop"
        else:
            yield str(path), None, "no such file or folder"


def seed(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Store every readable, new article under ``paths``; report each file.

    ``jobs`` worker processes extract (each loads the spaCy pipeline, about
    250 MB); with one job, extraction runs in this process.
    """
    summary = Summary()

    def report(outcome: Outcome):
        summary.counts[outcome.status] += 1
        if on_outcome:
            on_outcome(outcome)

    batch: list[tuple[str, object]] = []
    chunks = _chunks(_new_documents(paths, report), CHUNK_SIZE if jobs > 1 else LOCAL_CHUNK_SIZE)
    for chunk, results in _extracted(chunks, jobs):
        for (name, _document), result in zip(chunk, results, strict=True):
            if isinstance(result, str):
                report(Outcome(name, "failed", result))
            else:
                batch.append((name, result))
        if len(batch) >= batch_size:
            _store(batch, report)
            batch = []
    if batch:
        _store(batch, report)
    if summary.stored:
        _refresh_statistics()
    return summary


def _refresh_statistics() -> None:
    """Tell the query planner what was stored (tracker.bulk). Statistics
    only make queries faster: when another writer holds a SQLite database
    past the wait, the next seed refreshes them, rather than this one
    failing after storing every article."""
    from django.db import OperationalError

    with contextlib.suppress(OperationalError):
        bulk.refresh_statistics()


def _new_documents(paths, report) -> Iterator[tuple[str, Document]]:
    """(name, document) for each readable file whose article is not stored
    yet; the others are reported. One query per hundred files."""
    readable = _readable(paths, report)
    while group := list(islice(readable, 100)):
        hashes = {document.sha256 for _, document in group}
        stored = dict(
            Article.objects.filter(sha256__in=hashes).values_list("sha256", "id").iterator()
        )
        for name, document in group:
            if document.sha256 in stored:
                report(Outcome(name, "skipped", "already stored", stored[document.sha256]))
            else:
                yield name, document


def _readable(paths, report) -> Iterator[tuple[str, Document]]:
    for name, path, problem in collect_files(paths):
        if problem:
            report(Outcome(name, "failed", problem))
            continue
        try:
            yield name, read_seed_file(path)
        except SeedError as error:
            report(Outcome(name, "failed", str(error)))


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def _extracted(chunks: Iterator[list], jobs: int) -> Iterator[tuple[list, list]]:
    """(chunk, results) in the order of the chunks; a result is an
    Extraction or the reason extraction failed."""
    from tracker.extraction.pipeline import extract_each

    if jobs <= 1:
        first = next(chunks, None)
        if first is None:
            return  # nothing new: no need for the pipeline
        from tracker.extraction.workers import get_ready

        get_ready()
        for chunk in itertools.chain([first], chunks):
            yield chunk, extract_each([document for _, document in chunk])
        return
    from tracker.extraction.workers import start_worker

    # spawn, not fork: workers start clean, without this process's database
    # connections, and never import Django. A worker that dies breaks the
    # pool with an error rather than leaving its chunk waiting for ever.
    with ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(os.getpid(),),
        max_tasks_per_child=TASKS_PER_WORKER,
    ) as pool:
        in_flight: deque = deque()
        try:
            for chunk in chunks:
                documents = [document for _, document in chunk]
                in_flight.append((chunk, pool.submit(extract_each, documents)))
                # A few chunks ahead per worker keeps them busy; no more, so
                # memory does not grow when writing is the slower side.
                if len(in_flight) >= 3 * jobs:
                    chunk, pending = in_flight.popleft()
                    yield chunk, pending.result()
            while in_flight:
                chunk, pending = in_flight.popleft()
                yield chunk, pending.result()
        finally:
            for _, pending in in_flight:
                pending.cancel()


def _store(batch: list[tuple[str, object]], report) -> None:
    """Store a batch in one transaction; if that fails (one bad article, a
    concurrent writer), store its articles one by one, so only the bad one is
    lost, and say why."""
    from .ingest import store_batch

    try:
        results = store_batch([extraction for _, extraction in batch])
    except Exception:  # noqa: BLE001 - the batch left nothing behind; retry one by one
        for name, extraction in batch:
            try:
                (result,) = _store_with_retries(extraction)
            except Exception as error:  # noqa: BLE001 - one bad article must not stop the run
                report(Outcome(name, "failed", f"could not store it: {error!r}"))
                continue
            _report_stored(name, result, report)
        return
    for (name, _), result in zip(batch, results, strict=True):
        _report_stored(name, result, report)


def _report_stored(name: str, result, report) -> None:
    if result.created:
        report(Outcome(name, "stored", "", result.article.pk))
    else:
        report(Outcome(name, "skipped", "already stored", result.article.pk))


def _store_with_retries(extraction):
    """Store one article; if a concurrent writer made the transaction fail
    (a deadlock, a unique form taken at the same moment), try again: the
    article's transaction left nothing behind."""
    from django.db import IntegrityError, OperationalError

    from .ingest import store_batch

    for attempt in range(STORE_ATTEMPTS):
        try:
            return store_batch([extraction])
        except (IntegrityError, OperationalError):
            if attempt == STORE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
