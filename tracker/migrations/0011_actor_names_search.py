"""Actors' names indexed like the text they are searched with
(tracker/search.py, ``actors_named``): a stored document with a GIN index
on PostgreSQL, an FTS5 table kept in step by triggers on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from tracker.search import create_name_index

    create_name_index(schema_editor)


def backwards(apps, schema_editor):
    from tracker.search import drop_name_index

    drop_name_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0010_claim_search_in_date_order")]
    operations = [migrations.RunPython(forwards, backwards)]
