"""The reporting cycle on reports: period, state, submission time; and each figure's standing (whether it counts).

Reports entered before the cycle existed were published documents: they become approved (submitted when they were
entered), and their figures count as before unless their report is deleted."""

import django.db.models.deletion
from django.db.models import F
from django.conf import settings
from django.db import migrations, models


def approve_existing(apps, schema_editor):
    ProgressReport = apps.get_model("indicators", "ProgressReport")
    Measurement = apps.get_model("indicators", "Measurement")
    ProgressReport.objects.update(state="approved", submitted_at=F("created_at"))
    Measurement.objects.filter(is_active=False).update(standing=0)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0003_stored_assessment'),
        ('provinces', '0001_initial'),
        ('reporting', '0001_regimes_periods_obligations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprogressreport',
            name='period',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.reportingperiod', verbose_name='kỳ báo cáo'),
        ),
        migrations.AddField(
            model_name='historicalprogressreport',
            name='state',
            field=models.CharField(choices=[('draft', 'nháp'), ('submitted', 'đã gửi'), ('approved', 'đã duyệt'), ('returned', 'bị trả lại')], default='draft', editable=False, max_length=10, verbose_name='trạng thái'),
        ),
        migrations.AddField(
            model_name='historicalprogressreport',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='gửi lúc'),
        ),
        migrations.AddField(
            model_name='measurement',
            name='standing',
            field=models.PositiveSmallIntegerField(default=2, editable=False),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='period',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='reporting.reportingperiod', verbose_name='kỳ báo cáo'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='state',
            field=models.CharField(choices=[('draft', 'nháp'), ('submitted', 'đã gửi'), ('approved', 'đã duyệt'), ('returned', 'bị trả lại')], default='draft', editable=False, max_length=10, verbose_name='trạng thái'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='gửi lúc'),
        ),
        migrations.AddField(
            model_name='historicalprogressreport',
            name='state_reason',
            field=models.CharField(blank=True, editable=False, max_length=1000, verbose_name='lý do (bước gần nhất)'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='state_reason',
            field=models.CharField(blank=True, editable=False, max_length=1000, verbose_name='lý do (bước gần nhất)'),
        ),
        migrations.RunPython(approve_existing, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='progressreport',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'submitted', 'approved', 'returned'])), name='report_state_known'),
        ),
        migrations.AddConstraint(
            model_name='progressreport',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft']), ('submitted_at__isnull', False), _connector='OR'), name='report_submitted_has_time'),
        ),
    ]
