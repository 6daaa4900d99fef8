"""The admin page of indicators."""

from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from indicators import cards
from indicators.admin.common import FoldedSearchMixin, indicator_ids
from indicators.models import Indicator, Target


@admin.register(Indicator)
class IndicatorAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "direction", "pillar"]
    list_filter = ["pillar", "unit", "direction"]
    search_fields = ["code", "name", "name_en"]
    fields = ["code", "name", "name_en", "unit", "direction", "pillar", "definition", "source"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cards.restore(Target.objects.filter(indicator=obj))  # the target list shows its code and name

    def word_condition(self, word):
        return Q(pk__in=indicator_ids(word))
