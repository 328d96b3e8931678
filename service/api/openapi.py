"""The OpenAPI document's settings: title, version, where it is served, and examples.

The document must not depend on the environment (it is committed as
openapi/openapi.json), so nothing here reads the settings.
"""
from apispec import BasePlugin
from marshmallow.schema import SchemaMeta

API_CONFIG = {
    "API_TITLE": "citations",
    "API_VERSION": "1.2.0",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
}

DESCRIPTION = (
    "Finds the quotations in a French news article: direct (« … »), indirect "
    "(« X a déclaré que … ») and mixed, with character offsets (Python `str` indices "
    "into the text as sent), the reporting verb and the speaker, linked to the known "
    "speaker list when possible.\n\n"
    "When the service is started with API keys (`QUOTES_API_KEYS`), the `POST` "
    "operations need `Authorization: Bearer <key>`; otherwise they are open.\n\n"
    "Limits: `QUOTES_MAX_CHARS` characters per text (200000 by default), "
    "`QUOTES_MAX_BYTES` bytes per body (1000000 by default), `QUOTES_BATCH_MAX` "
    "documents per batch (50 by default), `QUOTES_TIME_LIMIT` seconds of processing "
    "per call (60 by default)."
)

SECURITY_SCHEME = {"type": "http", "scheme": "bearer",
                   "description": "One of the keys in QUOTES_API_KEYS, when set."}

# Either no credentials (keys not configured) or a bearer key.
OPTIONAL_BEARER = [{}, {"bearerAuth": []}]

SPEC_KWARGS = {"info": {"description": DESCRIPTION}}


class ExamplePlugin(BasePlugin):
    """Copies a marshmallow schema's `Meta.example` into its OpenAPI schema."""

    def schema_helper(self, name, definition, schema=None, **kwargs):
        if schema is None:
            return None
        schema_class = schema if isinstance(schema, SchemaMeta) else type(schema)
        example = getattr(getattr(schema_class, "Meta", None), "example", None)
        return {"example": example} if example is not None else None


def complete_spec(api):
    """Add the security scheme; drop flask-smorest's pagination schema, which no operation uses."""
    api.spec.components.security_scheme("bearerAuth", SECURITY_SCHEME)
    api.spec.components.schemas.pop("PaginationMetadata", None)
