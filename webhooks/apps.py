from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhook")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # indicators.events is the hook; the outbox is what listens (deliveries written in the same transaction).
        from indicators import events
        from webhooks import outbox

        events.connect(outbox.record)
