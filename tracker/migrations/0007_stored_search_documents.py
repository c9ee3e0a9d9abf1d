"""PostgreSQL: each row's words in a stored, generated tsvector column, with
the GIN index on it, so that a row tested in date order is not parsed again.
Nothing changes on SQLite (FTS5 keeps its own copy)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from tracker.search import store_documents

    store_documents(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_actor_by_name")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
