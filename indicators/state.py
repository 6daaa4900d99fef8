"""Keeping Target.known_* current: every write that changes which measurements judge a target refreshes it.

The assessment reads these maintained facts instead of searching the measurements whenever the
assessment date is on or after the newest judging measurement (the usual case: today). Writes call
`refresh_for_series` in their transaction; the signals below cover writes made outside the services
(admin, shell), and `manage.py refresh_assessments` rebuilds everything.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators.models import Measurement, Target
from provinces.models import Province, Succession


def scope_of(province_id: int | None) -> Q:
    """Targets judged by a figure of `province_id`: that province's plans and its predecessors' and successors'."""
    if province_id is None:
        return Q(plan__province__isnull=True)
    linked = Succession.objects.filter(Q(predecessor_id=province_id) | Q(successor_id=province_id))
    related = {province_id}
    for predecessor_id, successor_id in linked.values_list("predecessor_id", "successor_id"):
        related |= {predecessor_id, successor_id}
    return Q(plan__province__in=related)


def refresh_for_series(series) -> int:
    """Refresh the targets judged by measurements of the given (indicator_id, level, province_id) triples."""
    condition = Q()
    for indicator_id, level, province_id in set(series):
        condition |= Q(indicator_id=indicator_id, level=level) & scope_of(province_id)
    if not condition:
        return 0
    return Target.objects.filter(condition).refresh_known()


@receiver(post_save, sender=Measurement)
@receiver(post_delete, sender=Measurement)
def _measurement_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures: `manage.py seed` refreshes everything once at the end
    series = [(instance.indicator_id, instance.level, instance.province_id)]
    previous = getattr(instance, "_loaded_series", None)
    if previous and previous != series[0]:
        series.append(previous)
    refresh_for_series(series)


@receiver(post_save, sender=Target)
def _target_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and all(name.startswith("known_") for name in update_fields)):
        return
    Target.objects.filter(pk=instance.pk).refresh_known()


@receiver(post_save, sender=Succession)
@receiver(post_delete, sender=Succession)
@receiver(post_save, sender=Province)
def _division_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Target.objects.refresh_known()


KNOWN_FIELDS = [field.name for field in Target._meta.fields if field.name.startswith("known_")]
