from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ tiêu và kết quả")

    def ready(self):
        from dtrack import lookups  # noqa: F401  (registers `field__any_of`)
