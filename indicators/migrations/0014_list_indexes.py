"""Indexes for the targets list: the default order covers the plan (PostgreSQL), and today's stored status ordered
by gap from the largest (`?status=off_track&ordering=-gap`) is read in index order.

SQLite takes no NULLS LAST in an index, and needs none: there NULLs already come last in a descending order, which
its planner then reads from the index. So the index is declared as the list orders (the model's state) and created
per database."""

from django.db import migrations, models

STATUS_GAP = "target_status_gap_desc"
COLUMNS = {"postgresql": '"known_gap" DESC NULLS LAST', "sqlite": '"known_gap" DESC'}


def create(apps, schema_editor):
    gap = COLUMNS.get(schema_editor.connection.vendor, COLUMNS["postgresql"])
    schema_editor.execute(f'CREATE INDEX "{STATUS_GAP}" ON "indicators_target" ("known_status", {gap}, "id")')


def drop(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX "{STATUS_GAP}"')


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0013_combined_series_by_date"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="target", name="target_deadline"),
        migrations.AddIndex(
            model_name="target",
            index=models.Index(fields=["deadline", "id"], include=("plan",), name="target_deadline"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="target",
                    index=models.Index(
                        models.F("known_status"),
                        models.OrderBy(models.F("known_gap"), descending=True, nulls_last=True),
                        models.F("id"),
                        name=STATUS_GAP,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
