"""Full-text search: GIN indexes on PostgreSQL, FTS5 tables on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from tracker.search import create_indexes

    create_indexes(schema_editor)


def backwards(apps, schema_editor):
    from tracker.search import drop_indexes

    drop_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0003_scale_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
