"""SQLite: the claims' words again, in an FTS5 table keyed by each claim's
place in the timeline (day, then id), so that a page of a common word's
matches reads them in date order instead of listing them all
(tracker/search.py). Nothing changes on PostgreSQL."""

from django.db import migrations


def forwards(apps, schema_editor):
    from tracker.search import create_claims_by_date

    create_claims_by_date(schema_editor)


def backwards(apps, schema_editor):
    from tracker.search import drop_claims_by_date

    drop_claims_by_date(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0009_claim_status_by_id")]
    operations = [migrations.RunPython(forwards, backwards)]
