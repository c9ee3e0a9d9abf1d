"""python manage.py bench: the benchmarks behind `make bench`."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from tracker import bench


class Command(BaseCommand):
    help = (
        "Benchmark the database in DATABASE_URL: generate a million claims (or reuse "
        "them), time the timeline's pages and the admin's claim list, then time seeding "
        "the Reuters stories of ../shared/corpora against spaCy's nlp.pipe alone. Prints "
        "a table and appends every figure to a JSON-lines file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--claims", type=int, default=1_000_000)
        parser.add_argument("--actors", type=int, default=5_000)
        parser.add_argument("--repeats", type=int, default=15, help="Timings per median.")
        parser.add_argument("--output", default="bench-results.jsonl")
        parser.add_argument("--corpus", default=str(bench.default_corpus()))
        parser.add_argument("--skip-pages", action="store_true")
        parser.add_argument("--skip-ingest", action="store_true")
        parser.add_argument(
            "--ingest-rounds",
            type=int,
            default=2,
            help="Times nlp.pipe and each seed are run, in turn; the best of each counts.",
        )

    def handle(self, *args, **options):
        label = connection.vendor
        if label == "postgresql":
            bench.ensure_postgres_database()
        call_command("migrate", verbosity=0)
        figures = []
        if not options["skip_pages"]:
            figures += bench.ensure_data(
                label, options["articles"], options["claims"], options["actors"], self.say
            )
            with bench.production_like():
                figures += bench.page_figures(label, options["repeats"], self.say)
                figures += bench.admin_figures(label, options["repeats"])
        if not options["skip_ingest"]:
            seeds = bench.reuters_seed_files(bench.default_seed_folder(), Path(options["corpus"]))
            if seeds is None:
                self.stderr.write(
                    f"Ingest figures skipped: no Reuters corpus at {options['corpus']}."
                )
            else:
                fresh = bench.fresh_database_factory(label)
                figures += bench.ingest_figures(
                    label, seeds, fresh, self.say, rounds=max(1, options["ingest_rounds"])
                )
        with open(options["output"], "a", encoding="utf-8") as output:
            for figure in figures:
                output.write(figure.as_json() + "\n")
        self.stdout.write(table(figures))
        self.stdout.write(f"Figures appended to {options['output']}.")

    def say(self, message: str) -> None:
        self.stderr.write(message)


def table(figures) -> str:
    rows = [("Figure", "Value", "Ratio (baseline)", "Target", "Met")]
    for figure in figures:
        value = f"{figure.value:g} {figure.unit}"
        ratio = f"{figure.ratio:g}× ({figure.baseline:g})" if figure.ratio is not None else ""
        met = "" if figure.met is None else ("yes" if figure.met else "NO")
        rows.append((figure.name, value, ratio, figure.target, met))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
