"""The Bearer token scheme in OpenAPI (drf-spectacular discovers the extension when this module is imported)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "dtk_<prefix>_<secret>",
            "description": "An API token (`manage.py create_token <username>`), sent as `Authorization: Bearer "
            "<token>`. Revoked or expired tokens get 401.",
        }
