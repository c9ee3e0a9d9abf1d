"""python manage.py extract FILE [FILE ...] --format json|text"""

import json

from django.core.management.base import BaseCommand, CommandError

from tracker.extraction import SeedError, read_seed_file


class Command(BaseCommand):
    help = (
        "Run the extraction on seed files and print what it finds, without touching "
        "the database. --format json prints one JSON object per file, one per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Seed files.")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, files, format, **options):
        from tracker.extraction import extract

        failed = 0
        for name in files:
            try:
                document = read_seed_file(name)
            except SeedError as error:
                self.stderr.write(f"{name}: {error}")
                failed += 1
                continue
            result = extract(document)
            if format == "json":
                self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            else:
                self.stdout.write(render_text(name, result.as_dict()))
        if failed:
            raise CommandError(f"{failed} file{'s' if failed != 1 else ''} failed", returncode=1)


def render_text(name: str, data: dict) -> str:
    article = data["article"]
    lines = [f"{name}: {article['title']} ({article['published_on']})", ""]
    lines.append(f"Actors ({len(data['actors'])})")
    for actor in data["actors"]:
        extra = f", {actor['description']}" if actor["description"] else ""
        aliases = f" [also: {', '.join(actor['aliases'])}]" if actor["aliases"] else ""
        lines.append(f"  {actor['name']} ({actor['kind']}{extra}){aliases}")
    lines.append("")
    lines.append(f"Claims ({len(data['claims'])})")
    for claim in data["claims"]:
        start, end = claim["span"]
        who = claim["speaker"] or "(the article)"
        words = article["body"][start:end]
        figure = claim["figure"]
        if figure:
            amount = figure["value"] if figure["value"] is not None else "?"
            qualifier = f"{figure['qualifier']} " if figure["qualifier"] else ""
            words = (
                f"{qualifier}{amount} {figure['unit'] or ''} {figure['subject'] or ''} — {words}"
            )
        lines.append(f"  {claim['stated_on']} {claim['kind']:8} {who}: {' '.join(words.split())}")
    lines.append("")
    lines.append(f"Events ({len(data['events'])})")
    for event in data["events"]:
        lines.append(f"  {event['occurred_on']} ({event['precision']}) {event['title']}")
    lines.append("")
    lines.append(f"Dates ({len(data['dates'])})")
    for timex in data["dates"]:
        lines.append(f"  {timex['text']!r} {timex['type']} {timex['value']}")
    return "\n".join(lines)
