"""The stored combinations now keep, for every date a predecessor reported without a combined figure, why
(indicators/merged.py, `Stored`); rows of the former shape are derived data and are dropped here. The next write
that judges a merged unit's targets, or `manage.py refresh_assessments`, stores them again; until then judging
combines the figures, as for any missing row."""

from django.db import migrations


def drop(apps, schema_editor):
    apps.get_model("indicators", "CombinedSeries").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0012_measurement_counted")]

    operations = [migrations.RunPython(drop, drop)]  # either way the rows are of the other shape
