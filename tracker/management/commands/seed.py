"""python manage.py seed [PATH ...]"""

import argparse
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.seeding import BATCH_SIZE, Outcome, seed


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Read seed files (files or folders; default seeds/), extract their claims, "
        "actors and events, and store each article in one transaction. An article "
        "already stored (same content hash) is skipped and never overwritten. A file "
        "that cannot be read or parsed is reported with the reason; the others are "
        "still stored, and the exit status is non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Seed files or folders (default: seeds/).")
        parser.add_argument(
            "--jobs",
            type=positive,
            default=1,
            help="Extract in this many worker processes, each loading the spaCy "
            "pipeline (about 250 MB); this process writes. Default 1: extract here.",
        )
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=BATCH_SIZE,
            help=f"Articles stored per transaction (default {BATCH_SIZE}). A batch that "
            "fails is stored again article by article.",
        )

    def handle(self, *args, paths, jobs, batch_size, verbosity, **options):
        paths = paths or [str(settings.BASE_DIR / "seeds")]
        self.done = 0
        self.progress = verbosity >= 1 and sys.stderr.isatty()

        def on_outcome(outcome: Outcome):
            self.done += 1
            if outcome.status == "failed":
                self._clear_progress()
                self.stderr.write(f"{outcome.path}: {outcome.reason}")
            elif verbosity >= 2:
                self._clear_progress()
                self.stdout.write(f"{outcome.path}: {outcome.status}")
            if self.progress:
                self.stderr.write(f"\r{self.done} files read…", ending="")
                self.stderr.flush()
            elif verbosity >= 1 and self.done % 100 == 0:
                self.stdout.write(f"{self.done} files read…")

        from concurrent.futures.process import BrokenProcessPool

        from tracker.extraction.nlp import PipelineUnavailable

        try:
            summary = seed(paths, jobs=jobs, batch_size=batch_size, on_outcome=on_outcome)
        except PipelineUnavailable as error:
            self._clear_progress()
            raise CommandError(f"Cannot extract: {error}. Nothing was stored.") from error
        except BrokenProcessPool as error:
            self._clear_progress()
            raise CommandError(
                f"An extraction worker stopped ({error}); the articles stored before it "
                "stay stored, and seeding again stores the rest."
            ) from error
        self._clear_progress()
        style = self.style.ERROR if summary.failed else self.style.SUCCESS
        if verbosity >= 1 or summary.failed:
            self.stdout.write(style(summary.line()))
        if summary.failed:
            raise CommandError(
                f"{summary.failed} file{'s' if summary.failed != 1 else ''} failed", returncode=1
            )

    def _clear_progress(self):
        if self.progress:
            self.stderr.write("\r\033[K", ending="")
