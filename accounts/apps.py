from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và quyền")

    def ready(self):
        from accounts import schema  # noqa: F401  (registers the Bearer token scheme with drf-spectacular)


class ProvinceAdminConfig(admin_apps.AdminConfig):
    """`django.contrib.admin` with `ProvinceAdminSite` as admin.site: list it in INSTALLED_APPS in place of
    "django.contrib.admin" to let province members (not staff) sign in to the admin (accounts/admin_mixins.py)."""

    default = False
    default_site = "accounts.admin_mixins.ProvinceAdminSite"
