"""Cross-origin requests from browser clients (CORS_ORIGINS; none allowed by default).

An allowed origin gets `Access-Control-Allow-Origin` on every answer, with the
service's own headers exposed; a preflight (`OPTIONS` with
`Access-Control-Request-Method`) on the API gets the methods and headers it may
use, as 204 No Content.  Another origin gets no CORS header, so the browser keeps the answer
from it.
"""
from flask import request

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Accept, Authorization, Content-Type, Content-Language, X-Request-ID"
EXPOSED_HEADERS = "X-Request-ID, X-Citations-Version, X-Citations-Models, X-Citations-Speakers, Retry-After"
MAX_AGE_S = "600"


def allowed_origin(origin, origins):
    """The value of Access-Control-Allow-Origin for `origin`, or None."""
    if not origin or not origins:
        return None
    if "*" in origins:
        return "*"
    return origin if origin.rstrip("/") in origins else None


def add_cors_headers(response, origins):
    allowed = allowed_origin(request.headers.get("Origin"), origins)
    if origins and "*" not in origins:
        response.vary.add("Origin")
    if allowed is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = allowed
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE_S
    return response


def no_content_for_options(response):
    """Flask's own answer to OPTIONS is an empty text/html 200: 204, no content and no type."""
    if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
        response.status_code = 204
        response.headers.pop("Content-Type", None)
    return response


def register_cors(app, origins):
    origins = tuple(o.rstrip("/") for o in origins)
    app.after_request(lambda response: add_cors_headers(response, origins))
    app.after_request(no_content_for_options)
