"""python manage.py evaluate [--corpora PATH] [--only NAME ...] [--format table|json]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tracker.evaluation import harness
from tracker.evaluation.corpora import CorpusMissing

DEFAULT_CORPORA = settings.BASE_DIR.parent / "shared" / "corpora"


class Command(BaseCommand):
    help = (
        "Measure the extractor on the annotated corpora (each document turned into a "
        "seed file with its own date): temporal expressions on TempEval-3, actors and "
        "figures on MEANTIME, attribution on PolNeAR, pronoun speakers on MEANTIME and "
        "GUM, repeats on republished PolNeAR articles, speed on Reuters. Prints "
        "precision, recall and F1 beside the published anchors. The corpora are read "
        "where they are and never copied; the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpora",
            type=Path,
            default=DEFAULT_CORPORA,
            help=f"Folder holding the corpora (default: {DEFAULT_CORPORA}).",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            choices=sorted(harness.TASKS),
            help="Run only these tasks.",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--speed-documents",
            type=int,
            default=1000,
            help="Reuters stories to time (default 1000 of the 4,461 with a body).",
        )
        parser.add_argument(
            "--repeat-documents",
            type=int,
            default=300,
            help="PolNeAR articles to republish for the repeats task (default 300).",
        )

    def handle(self, *args, corpora, only, format, speed_documents, repeat_documents, **options):
        if speed_documents < 1 or repeat_documents < 1:
            raise CommandError("--speed-documents and --repeat-documents must be at least 1")
        if "repeats" in (only or harness.TASKS) and not _migrated():
            # Said now rather than after the other tasks' minutes of work.
            raise CommandError(
                "The repeats task stores articles in the database and rolls them back, "
                "but the database is not set up: run `python manage.py migrate` first, "
                "or leave the task out with --only."
            )

        def on_task(name):
            if format == "table" and options["verbosity"] >= 1:
                self.stderr.write(f"Running {name}…")

        try:
            rows, notes = harness.run(
                corpora.resolve(),
                only,
                speed_documents=speed_documents,
                repeat_documents=repeat_documents,
                on_task=on_task,
            )
        except CorpusMissing as error:
            raise CommandError(f"{error}; pass --corpora PATH") from None
        if format == "json":
            self.stdout.write(harness.as_json(rows, notes))
            return
        self.stdout.write(harness.table(rows))
        for note in notes:
            self.stdout.write(self.style.WARNING(note))
        missed = [r for r in rows if r.met is False]
        if missed:
            self.stdout.write(
                self.style.WARNING(f"{len(missed)} figure(s) below target: ")
                + ", ".join(f"{r.task} {r.metric}" for r in missed)
            )


def _migrated() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())
