from django import template
from django.utils.translation import gettext

from indicators.admin.index import overview

register = template.Library()


@register.simple_tag(takes_context=True)
def dtrack_overview(context):
    """The index overview for the signed-in user (indicators/admin/index.py); empty for a user without targets."""
    request = context["request"]
    data = overview(request)
    data["tables"] = [(gettext("Theo tỉnh, thành phố"), data["provinces"]), (gettext("Theo kế hoạch"), data["plans"])]
    return data
