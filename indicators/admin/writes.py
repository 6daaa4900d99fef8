"""The admin writes through `indicators.services`, as the API and the import do (docs/integrity.md).

Django's admin saves with `obj.save()`, `formset.save()` and `obj.delete()`; here `save_model`, `save_related`,
`save_formset`, `delete_model` and `delete_queryset` call the service functions instead, so a clerk's change keeps
the maintained facts and today's stored assessment in the same transaction, takes the locks in the documented
order and leaves the same history. A POST to a change or delete page is retried whole on a deadlock
(indicators/locking.py).

Two people editing the same row: the change form carries the row's version (a hidden `version` field, the same
fingerprint as the API's ETag, maintained fields left out); a save whose version is no longer the row's is
refused with a message, as the API refuses a stale If-Match with 412, instead of overwriting the other's change.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from dtrack.api.conditional import etag_of
from dtrack.errors import DomainError
from indicators import services
from indicators.locking import Busy, retrying
from indicators.models import KNOWN_FIELDS, Measurement, Milestone, Target

VERSION = "version"


def version_of(instance) -> str:
    return etag_of(instance, exclude=KNOWN_FIELDS)


class VersionedForm(forms.ModelForm):
    """Carries the version of the row as it was shown; refuses the save when the row changed since."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and VERSION in self.fields:
            self.fields[VERSION].initial = version_of(self.instance)

    def clean(self):
        data = super().clean()
        sent = data.get(VERSION)
        if sent and self.instance.pk is not None:
            # Locked until the save ends, so no one can change it between this check and the save.
            current = type(self.instance)._base_manager.select_for_update().get(pk=self.instance.pk)
            if version_of(current) != sent:
                raise ValidationError(
                    gettext(
                        "Người khác đã sửa dòng này sau khi bạn mở nó; chưa lưu gì. Mở lại trang để xem bản mới "
                        "rồi nhập lại thay đổi của bạn."
                    ),
                    code="stale",
                )
        return data


class RetriedWritesMixin:
    """The change and delete views' POSTs are one transaction each, retried on deadlock; a refusal the forms could
    not foresee (the report was deleted meanwhile) is shown as a message, and nothing is written. The change form
    carries the row's version (`VersionedForm`)."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Only on a form that saves: a read-only page would show `version` as a model field it cannot find.
        if obj is None or not fieldsets or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs.pop("fields", None) or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if name != VERSION]
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (VersionedForm, form), {})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        return self._retried(
            request,
            lambda: super(RetriedWritesMixin, self).changeform_view(request, object_id, form_url, extra_context),
        )

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        return self._retried(
            request, lambda: super(RetriedWritesMixin, self).delete_view(request, object_id, extra_context)
        )

    def _retried(self, request, view):
        try:
            return retrying(view)
        except (ValidationError, DomainError, Busy) as error:
            if isinstance(error, ValidationError):
                reason = "; ".join(error.messages)
            elif isinstance(error, Busy):
                reason = gettext("Too many writes collided; nothing was written. Send the request again shortly.")
            else:
                reason = str(error)
            self.message_user(request, gettext("Chưa lưu: %(reason)s") % {"reason": reason}, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request, queryset):
        """The list's delete action: each row through `delete_model`, that is through the services."""
        for obj in queryset:
            self.delete_model(request, obj)


def _mark_saved(formset) -> None:
    """What `formset.save()` leaves for the admin's change message."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def _kept_forms(formset):
    """The forms of an inline formset that hold a row after the save (not deleted, not an empty extra form)."""
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or (formset.can_delete and formset._should_delete_form(form)):
            continue
        yield form


def _deleted_forms(formset):
    for form in formset.forms:
        if form.instance.pk is not None and formset.can_delete and formset._should_delete_form(form):
            yield form


def _write_rows(formset, parent: str, save, delete) -> None:
    """An inline's rows through the services: the deleted ones deleted, the new and changed ones saved with
    `parent` set to the object of the page."""
    for deleted in _deleted_forms(formset):
        delete(deleted.instance)
    for kept in _kept_forms(formset):
        if kept.instance.pk is None or kept.has_changed():
            setattr(kept.instance, parent, formset.instance)
            save(kept.instance)
    _mark_saved(formset)


def milestone_items(formset) -> list[dict]:
    return [{"on": form.cleaned_data["on"], "value": form.cleaned_data["value"]} for form in _kept_forms(formset)]


class PlanWrites(RetriedWritesMixin):
    def save_model(self, request, obj, form, change):
        services.plan_save(plan=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Target:
            return super().save_formset(request, form, formset, change)
        save, delete = services.target_save, services.target_delete
        _write_rows(formset, "plan", lambda row: save(target=row), lambda row: delete(target=row))

    def delete_model(self, request, obj):
        services.plan_delete(plan=obj)


class TargetWrites(RetriedWritesMixin):
    """A target and its milestones are one write: saved once, with the milestones, in `save_related`."""

    def save_model(self, request, obj, form, change):
        pass  # saved with its milestones in save_related, which the admin calls next

    def save_related(self, request, form, formsets, change):
        milestones = None
        for formset in formsets:
            if formset.model is Milestone:
                milestones = milestone_items(formset)
                _mark_saved(formset)
        services.target_save(target=form.instance, milestones=milestones)

    def delete_model(self, request, obj):
        services.target_delete(target=obj)


class ReportWrites(RetriedWritesMixin):
    def save_model(self, request, obj, form, change):
        services.progress_report_save(report=obj, entered_by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Measurement:
            return super().save_formset(request, form, formset, change)
        save, delete = services.measurement_save, services.measurement_delete
        _write_rows(formset, "report", lambda row: save(measurement=row), lambda row: delete(measurement=row))

    def delete_model(self, request, obj):
        services.progress_report_delete(report=obj)


class MeasurementWrites(RetriedWritesMixin):
    def save_model(self, request, obj, form, change):
        services.measurement_save(measurement=obj)

    def delete_model(self, request, obj):
        services.measurement_delete(measurement=obj)
