"""The generic plumbing of a resource whose writes go through services: `ServiceModelViewSet`.

Any app's viewset can use it: the subclass says which serializers read and write, which role may write
(accounts/policy.py) and which service each write calls; this class adds the concurrency, retry, idempotency and
history rules of docs/security.md around them. Retries use `indicators.locking.retrying`, the one lock order of the
writes.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import idempotency, policy
from accounts.permissions import ProvinceRolePermission, out_of_scope_message
from dtrack.api.base import ApiViewMixin
from dtrack.api.conditional import check_if_match, etag_of
from dtrack.api.exports import ExportMixin
from dtrack.api.history import HistoryEntrySerializer, HistoryPagination, history_page
from dtrack.api.ordering import OrderingFilter
from dtrack.api.schema import problem_responses
from indicators import locking

__all__ = ["WRITE_ACTIONS", "ServiceModelViewSet", "province_id_after", "write_schema"]

WRITE_ACTIONS = ("create", "update", "partial_update")


class ServiceModelViewSet(ExportMixin, ApiViewMixin, viewsets.ModelViewSet):
    """A ModelViewSet whose writes call a service and answer with the output serializer.

    Subclasses set `serializer_class` (output), `write_serializer_class` (input) and implement `perform_create` /
    `perform_update` / `perform_destroy` by calling services; those return the saved instance.

    Around them, the rules of docs/security.md:
    - who: `required_role` (accounts.policy) for the object's province (ProvinceRolePermission) and for the province
      the body moves it to (`province_after`, checked once the body is valid);
    - concurrency: every detail answer has an `ETag` (dtrack/api/conditional.py); PUT, PATCH and DELETE need
      `If-Match`, checked on the row locked in the write's transaction;
    - retries: POST honours `Idempotency-Key` (accounts/idempotency.py); a write's transaction that meets a
      deadlock or serialization failure is run again whole (indicators/locking.py), then answered 503;
    - history: `GET {id}/history/` (dtrack/api/history.py).
    """

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    permission_classes = [ProvinceRolePermission]
    required_role = policy.STAFF
    write_serializer_class = None
    # Stored fields left out of the ETag: what the server maintains itself and a client never writes.
    etag_exclude: tuple[str, ...] = ()

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS and self.write_serializer_class is not None:
            return self.write_serializer_class
        return self.serializer_class

    # -- reading

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object(), fresh=True)

    def respond(self, instance, status=status.HTTP_200_OK, headers=None, *, fresh=False):
        """The instance as the list and detail endpoints show it (re-read through `get_queryset()` unless `fresh`),
        with its ETag."""
        if not fresh:
            instance = self.get_queryset().get(pk=instance.pk)
        response = Response(self.represent(instance), status=status, headers=headers)
        response["ETag"] = self.etag(instance)
        return response

    def represent(self, instance):
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def etag(self, instance) -> str:
        return etag_of(instance, exclude=self.etag_exclude, extra=self.etag_extra(instance))

    def etag_extra(self, instance) -> tuple:
        """Related rows written together with the instance (a target's milestones)."""
        return ()

    # -- writing

    def create(self, request, *args, **kwargs):
        return idempotency.run(self, request, lambda: locking.retrying(lambda: self._create(request)))

    def _create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_province(self.province_after(serializer.validated_data, None))
        instance = self.perform_create(serializer)
        headers = {"Location": self.reverse_action("detail", kwargs={"pk": instance.pk})}
        return self.respond(instance, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)

        def write():
            instance = self.locked_for_write(self.get_object())
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.check_province(self.province_after(serializer.validated_data, instance))
            return self.perform_update(serializer)

        return self.respond(locking.retrying(write))

    def destroy(self, request, *args, **kwargs):
        locking.retrying(lambda: self.perform_destroy(self.locked_for_write(self.get_object())))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def locked_for_write(self, instance, *, if_match_required: bool = True):
        """`instance` re-read and locked (SELECT … FOR UPDATE) in the current transaction; the object permission is
        checked again on it (it may have moved since it was read) and If-Match against it: 428 without If-Match, 412
        when stale. Call inside `transaction.atomic()`."""
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        self.check_object_permissions(self.request, locked)
        check_if_match(self.request, self.etag(locked), required=if_match_required)
        return locked

    def province_after(self, data, instance):
        """The province id the object belongs to after the write (None: national); override per resource."""
        return None

    def check_province(self, province_id) -> None:
        if self.required_role != policy.STAFF and not policy.can_write(
            self.request.user, province_id, self.required_role
        ):
            self.permission_denied(self.request, message=out_of_scope_message(self.required_role, province_id))

    @property
    def entered_by(self):
        return self.request.user if self.request.user.is_authenticated else None

    # -- history

    @extend_schema(
        summary="History of changes (who, when, what: newest first)",
        responses=HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, *args, **kwargs):
        return history_page(self, self.queryset.model, kwargs["pk"])


def province_id_after(data, instance, field: str) -> int | None:
    """The province id after a write that may set `field` (a Province or None); unchanged when not given."""
    if field in data:
        return data[field].pk if data[field] is not None else None
    return getattr(instance, f"{field}_id") if instance is not None else None


def write_schema(write, read, *conflicts: int, **extra):
    """Schema of create / update / partial_update: the input serializer in, the output serializer out."""
    problems = problem_responses(*conflicts) if conflicts else {}
    return {
        "create": extend_schema(request=write, responses={201: read, **problems}, **extra),
        "update": extend_schema(request=write, responses={200: read, **problems}, **extra),
        "partial_update": extend_schema(request=write, responses={200: read, **problems}, **extra),
    }
