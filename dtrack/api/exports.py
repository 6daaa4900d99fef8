"""CSV and XLSX of every list of the API: `?format=csv|xlsx`, or `Accept: text/csv` / the XLSX media type.

An export is the whole list the same query would page through — filters, ordering and `as_of` applied — not one
page: `limit`, `offset` and `cursor` are refused with a 400 (a spreadsheet of page 3 is never what was meant).
Rows are streamed: CSV is written chunk by chunk as the database cursor hands rows over
(`QuerySet.iterator`), so a list of 20,000 targets never sits in memory; XLSX is written by openpyxl in write-only
mode into a temporary file, which is then streamed. Headers are in the request language (Vietnamese by default).

A list view takes part by inheriting `ExportMixin` (before the DRF viewset). By default its columns are the list
serializer's fields, a nested object's fields flattened as `plan.number`; a view with better columns (the targets,
with their assessment labels) sets `export_columns()` and `export_rows()`. docs/outputs.md describes it.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from itertools import islice

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

__all__ = [
    "CSV_MEDIA_TYPE",
    "XLSX_MEDIA_TYPE",
    "CSVRenderer",
    "Column",
    "ContentNegotiation",
    "ExportMixin",
    "XLSXRenderer",
    "serializer_columns",
]

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 500  # rows fetched from the database (and written) at a time: the memory an export holds
DATE_FORMAT = "dd/mm/yyyy"
PAGING = ("limit", "offset", "cursor")


class CSVRenderer(BaseRenderer):
    """Chooses CSV in content negotiation; the export itself is streamed by `ExportMixin`, not rendered."""

    media_type = CSV_MEDIA_TYPE
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b""  # only reached for bodiless answers: errors are rendered as problem+json


class XLSXRenderer(CSVRenderer):
    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's, except that `?format=` naming a format the endpoint does not offer is a 400 naming the ones it does
    (DRF answers 404, which reads as "no such resource"); an `Accept` nothing matches stays a 406."""

    def filter_renderers(self, renderers, format):
        kept = [renderer for renderer in renderers if renderer.format == format]
        if not kept:
            offered = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            message = _("Unknown format “%(format)s” here; this endpoint offers: %(offered)s.")
            raise ValidationError({"format": [message % {"format": format, "offered": offered}]})
        return kept

    def select_renderer(self, request, renderers, format_suffix=None):
        view = (getattr(request, "parser_context", None) or {}).get("view")
        method = request.method.lower()
        if view is not None and not (method in view.http_method_names and hasattr(view, method)):
            # The view answers 405 after authentication: `?format=` must not turn that into a 400 first.
            return renderers[0], renderers[0].media_type
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            offered = ", ".join(dict.fromkeys(renderer.media_type for renderer in renderers))
            raise NotAcceptable(
                _("None of the media types in Accept is offered here; this endpoint offers: %(offered)s.")
                % {"offered": offered}
            ) from None


@dataclass(frozen=True)
class Column:
    """One column of an export: its machine name, its header (translated when written) and how to read a row.

    `kind` says how XLSX stores the value: "text", "number" (Decimal or int), "date" or "bool"; CSV writes numbers
    with a decimal point and dates as YYYY-MM-DD, so that a program reads them back unambiguously."""

    name: str
    label: object
    get: Callable[[object], object]
    kind: str = "text"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def csv_chunks(columns: list[Column], rows: Iterable) -> Iterator[bytes]:
    """The CSV as byte chunks: a UTF-8 byte order mark (so Excel reads Vietnamese right), the header, the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([str(column.label) for column in columns])
    yield ("\ufeff" + buffer.getvalue()).encode()
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_csv_value(column.get(row)) for column in columns] for row in chunk)
        yield buffer.getvalue().encode()


def _xlsx_value(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "number" and isinstance(value, str):
        return Decimal(value)
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | int | float | date):
        return value
    return cell_text(str(value))


def cell_text(text: str) -> str:
    """`text` as an XLSX cell can hold it: the control characters XML refuses (a name typed with a stray ^E) are
    shown as their Unicode pictures (␅), so the file is written and the character stays visible."""
    return ILLEGAL_CHARACTERS_RE.sub(lambda found: chr(0x2400 + ord(found.group())), text)


def number_format_of(value) -> str:
    """A number format showing `value` whole with thousands grouped: `#,##0` or `#,##0.0…` (its decimals, ≤ 4).
    Excel and LibreOffice show the separators of the reader's locale: 1.126 and 71,4 in Vietnamese."""
    if not isinstance(value, Decimal):
        return "#,##0"
    places = min(max(-value.normalize().as_tuple().exponent, 0), 4) if value == value else 0
    return "#,##0" + ("." + "0" * places if places else "")


def xlsx_chunks(columns: list[Column], rows: Iterable, title: str) -> Iterator[bytes]:
    """The workbook as byte chunks: written row by row by openpyxl in write-only mode (its rows go to a temporary
    file, not to memory), saved into a temporary file, then read back in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=cell_text(str(column.label)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = _xlsx_value(column.get(row), column.kind)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, Decimal | int) and not isinstance(value, bool):
                cell.number_format = number_format_of(value)
            cells.append(cell)
        sheet.append(cells)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while data := file.read(64 * 1024):
            yield data


def _flat(value):
    """A scalar for one cell from a field's representation: lists joined with "; "."""
    if isinstance(value, list):
        return "; ".join(str(item.get("id", item)) if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, dict):
        return value.get("key", value.get("id"))
    return value


def _kind(field_) -> str:
    if isinstance(field_, serializers.DecimalField | serializers.IntegerField | serializers.FloatField):
        return "number"
    if isinstance(field_, serializers.DateField):
        return "date"
    if isinstance(field_, serializers.BooleanField):
        return "bool"
    return "text"


def _reader(name: str, field_, sub: str | None = None, choices: dict | None = None):
    """Reads a field's value (`sub`: a field of the nested object); with `choices`, its label instead of its code."""

    def get(obj):
        attribute = field_.get_attribute(obj)
        if attribute is None:
            return None
        value = field_.to_representation(attribute)
        if sub is not None:
            value = None if value is None else value.get(sub)
        value = _flat(value)
        if choices is not None and value is not None:
            return str(choices.get(value, value))
        return value

    return get


def _choices(field_) -> dict | None:
    """The labels of a field of choices ({code: label}); None for other fields (and for several choices)."""
    if isinstance(field_, serializers.ChoiceField) and not isinstance(field_, serializers.MultipleChoiceField):
        return dict(field_.choices)
    return None


def _columns_of(name: str, label, reader, field_, choices: dict | None) -> list[Column]:
    """A field's column; a field of choices gives two, its code (for programs) and its label (for people), as the
    target list's status does."""
    if choices is None:
        return [Column(name, label, reader(), _kind(field_))]
    return [
        Column(name, format_lazy(_("{} (code)"), label), reader(), "text"),
        Column(f"{name}.label", label, reader(choices=choices), "text"),
    ]


def _model_of(serializer):
    return getattr(getattr(serializer, "Meta", None), "model", None)


def _model_field(model, field_, name: str):
    source = getattr(field_, "source", None) or name
    if model is None or "." in source:
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def _header(model, field_, name: str):
    """The column's header: the model field's verbose name where the field is a model's (translated, Vietnamese by
    default), else the serializer field's label."""
    found = _model_field(model, field_, name)
    if found is not None and hasattr(found, "verbose_name"):
        return capfirst(found.verbose_name)
    return field_.label if field_.label is not None else name


def serializer_columns(
    serializer: serializers.Serializer, skip: Iterable[str] = (), labels=None, models=None, choices=None
) -> list[Column]:
    """Columns from a list serializer's fields: a nested object (not a list) gives one column per field of it,
    named `outer.inner`; a list of objects is left out (a report's measurements have their own list). `labels`
    names the headers of fields that are no model's ({name: label}), `models` the model of a nested object whose
    serializer names none ({name: Model}), for its fields' headers; `choices` the labels of a field whose declared
    choices are bare codes ({name: {code: label}})."""
    labels, models, choices = labels or {}, models or {}, choices or {}
    model = _model_of(serializer)
    columns = []
    for name, field_ in serializer.fields.items():
        if name in skip or field_.write_only:
            continue
        if isinstance(field_, serializers.ListSerializer):
            continue
        if isinstance(field_, serializers.Serializer):
            related = _model_field(model, field_, name)
            inner_model = models.get(name) or _model_of(field_) or getattr(related, "related_model", None)
            outer = capfirst(labels[name]) if name in labels else _header(model, field_, name)
            for sub, inner in field_.fields.items():
                if isinstance(inner, serializers.Serializer | serializers.ListSerializer) or inner.write_only:
                    continue
                label = format_lazy("{} – {}", outer, _header(inner_model, inner, sub))
                reader = partial(_reader, name, field_, sub)
                columns += _columns_of(f"{name}.{sub}", label, reader, inner, _choices(inner))
            continue
        label = capfirst(labels[name]) if name in labels else _header(model, field_, name)
        columns += _columns_of(
            name, label, partial(_reader, name, field_), field_, choices.get(name) or _choices(field_)
        )
    return columns


class _Translated:
    """An iterator run with the request's language active: a streamed body is written after the view returned."""

    def __init__(self, chunks: Iterator[bytes], language: str):
        self.chunks, self.language = chunks, language

    def __iter__(self):
        with translation.override(self.language):
            yield from self.chunks


class ExportMixin:
    """For list viewsets: CSV and XLSX of the whole filtered, ordered list (module docstring)."""

    export_name = "export"
    export_skip: tuple[str, ...] = ()
    export_labels: dict = {}  # headers of fields that are no model's: {name: translated label}
    export_models: dict = {}  # models of nested objects whose serializer names none: {name: Model}
    export_choices: dict = {}  # labels of fields whose choices are bare codes: {name: {code: label}}

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [CSVRenderer(), XLSXRenderer()]
        return renderers

    @property
    def exporting(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, CSVRenderer)

    def list(self, request, *args, **kwargs):
        if self.exporting:
            return self.export()
        return super().list(request, *args, **kwargs)

    def export_columns(self) -> list[Column]:
        return serializer_columns(
            self.get_serializer(), skip=self.export_skip, labels=self.export_labels, models=self.export_models,
            choices=self.export_choices,
        )  # fmt: skip

    def export_rows(self) -> Iterable:
        """The rows of the whole list: the filtered, ordered queryset read in chunks by one query."""
        queryset = self.filter_queryset(self.get_queryset())
        if isinstance(queryset, QuerySet):
            # Pinned now: the body is streamed after the view returned (the replica routing is per request).
            queryset = queryset.using(queryset.db)
            if any(column.name in self.export_prefetched for column in self.export_columns()):
                return queryset.iterator(chunk_size=CHUNK)
            return queryset.prefetch_related(None).iterator(chunk_size=CHUNK)
        return queryset

    # Columns that need the queryset's prefetches (read once per chunk of CHUNK rows).
    export_prefetched: tuple[str, ...] = ()

    def export(self, rows: Iterable | None = None):
        """The streamed export of `rows` (default: `export_rows()`)."""
        refused = [name for name in PAGING if name in self.request.query_params]
        if refused:
            message = _("An export holds the whole filtered list: leave out limit, offset and cursor.")
            # Each is valid alone; with format=csv|xlsx it is refused (422, dtrack.api.exceptions.STATE_CODES).
            detail = ErrorDetail(message, code="conflicting_parameters")
            raise ValidationError({name: [detail] for name in refused})
        columns = self.export_columns()
        rows = self.export_rows() if rows is None else rows
        renderer = self.request.accepted_renderer
        name = self.export_name
        if renderer.format == "csv":
            chunks = csv_chunks(columns, rows)
            content_type = f"{CSV_MEDIA_TYPE}; charset=utf-8"
        else:
            chunks = xlsx_chunks(columns, rows, name)
            content_type = XLSX_MEDIA_TYPE
        response = StreamingHttpResponse(_Translated(chunks, translation.get_language()), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}.{renderer.format}"'
        response["Vary"] = "Accept, Accept-Language"
        return response
