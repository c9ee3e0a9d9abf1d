"""python manage.py generate_data --articles N --claims M --actors K"""

import time

from django.core.management.base import BaseCommand, CommandError

from tracker.generate import generate


class Command(BaseCommand):
    help = (
        "Add realistic synthetic data for scale tests: N articles over three years holding "
        "M claims by K actors (a few very active, a long tail), every kind of entry, "
        "figure series, some rejected claims, about one event per twenty claims. "
        "Bulk inserts, a batch of articles at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--claims", type=int, default=10000)
        parser.add_argument("--actors", type=int, default=200)
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (same data each time)."
        )

    def handle(self, *args, articles, claims, actors, seed, verbosity, **options):
        if min(articles, actors) < 1 or claims < 0:
            raise CommandError("--articles and --actors must be at least 1, --claims at least 0")
        started = time.perf_counter()

        def progress(done):
            if verbosity >= 1:
                self.stdout.write(
                    f"\r{done.articles:,} articles, {done.claims:,} claims, {done.events:,} events "
                    f"({time.perf_counter() - started:.0f} s)",
                    ending="",
                )
                self.stdout.flush()

        done = generate(articles, claims, actors, seed=seed, progress=progress)
        if verbosity >= 1:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {done.articles:,} articles, {done.claims:,} claims, {done.actors:,} "
                    f"actors and {done.events:,} events in {time.perf_counter() - started:.1f} s."
                )
            )
