"""The admin's export of targets with their assessment today: the API export's columns
(indicators/outputs/target_export.py) with Vietnamese labels, the plan by its number, numbers and dates written
the Vietnamese way (71,4 and 31/12/2025) in CSV and as number and date cells in XLSX.

It is the first export the target list offers; the second is the import's own columns (indicators/resources.py),
for a file meant to be edited and imported back.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from indicators.conf import thresholds, today
from indicators.labels import vn_number
from indicators.lineage import Figures
from indicators.models import Target
from indicators.outputs.cells import day_text
from indicators.outputs.target_export import COLUMNS, streamed_rows

__all__ = ["TargetAssessmentResource"]


class ColumnField(fields.Field):
    def __init__(self, column):
        super().__init__(attribute=column.name, column_name=column.label, readonly=True)
        self.column = column

    def export(self, instance, **kwargs):
        value = self.column.get(instance)
        if kwargs.get("force_native_type"):
            return value
        if value is None:
            return ""
        if isinstance(value, bool):
            return gettext("có") if value else gettext("không")
        if isinstance(value, Decimal | int):
            return vn_number(value)
        if isinstance(value, date):
            return day_text(value)
        return str(value)


class AssessedExport(resources.ModelResource):
    def export(self, queryset=None, **kwargs):
        # Judged today on approved figures, as the target list shows them; streamed in chunks.
        rows = streamed_rows(queryset, today(), thresholds(), Figures.APPROVED)
        return super().export(queryset=rows, **kwargs)


class Meta:
    model = Target
    name = _("chỉ tiêu và đánh giá (chỉ xuất)")
    fields = [column.name for column in COLUMNS]


TargetAssessmentResource = type(
    "TargetAssessmentResource",
    (AssessedExport,),
    {"__module__": __name__, "Meta": Meta, **{column.name: ColumnField(column) for column in COLUMNS}},
)
