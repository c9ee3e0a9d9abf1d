"""Seeding: seed files on disk to stored articles, one transaction each.

Reading and parsing happen first and cheaply; an article whose content hash is
already stored is skipped before the (costly) extraction runs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.extraction import Document, SeedError, read_seed_file

from .models import Article

SEED_SUFFIXES = {".txt"}


@dataclass
class Outcome:
    path: str
    status: str  # "stored", "skipped" or "failed"
    reason: str = ""
    article_id: int | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def stored(self):
        return self.count("stored")

    @property
    def skipped(self):
        return self.count("skipped")

    @property
    def failed(self):
        return self.count("failed")

    def line(self) -> str:
        return f"Stored {self.stored}, skipped {self.skipped}, failed {self.failed}."


STORE_ATTEMPTS = 3


def _store_with_retries(extraction):
    """Store one article; if a concurrent writer made the transaction fail
    (a deadlock, a unique form taken at the same moment), try again: the
    article's transaction left nothing behind."""
    from django.db import IntegrityError, OperationalError

    from .ingest import store

    for attempt in range(STORE_ATTEMPTS):
        try:
            return store(extraction)
        except (IntegrityError, OperationalError):
            if attempt == STORE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


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
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Store every readable, new article under ``paths``; report each file."""
    from tracker.extraction.nlp import parse_many
    from tracker.extraction.pipeline import extract_from_doc

    summary = Summary()

    def report(outcome: Outcome):
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    queue: list[tuple[str, Document]] = []

    def new_bodies() -> Iterator[str]:
        for name, path, problem in collect_files(paths):
            if problem:
                report(Outcome(name, "failed", problem))
                continue
            try:
                document = read_seed_file(path)
            except SeedError as error:
                report(Outcome(name, "failed", str(error)))
                continue
            existing = (
                Article.objects.filter(sha256=document.sha256).values_list("id", flat=True).first()
            )
            if existing is not None:
                report(Outcome(name, "skipped", "already stored", existing))
                continue
            queue.append((name, document))
            yield document.body

    for parsed in parse_many(new_bodies()):
        name, document = queue.pop(0)
        try:
            result = _store_with_retries(extract_from_doc(document, parsed))
        except Exception as error:  # noqa: BLE001 - one bad article must not stop the run
            report(Outcome(name, "failed", f"could not extract or store it: {error!r}"))
            continue
        status = "stored" if result.created else "skipped"
        report(Outcome(name, status, "" if result.created else "already stored", result.article.pk))
    return summary
