"""Security headers on every answer, strict enough for the page and the API docs,
which load all their script and style from this server."""

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # Swagger UI sets style attributes on its elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def relative_location(response):
    """A redirect names a path on this server, never the host the client said it called (the Host
    header is the client's to choose)."""
    from urllib.parse import urlsplit, urlunsplit

    location = response.headers.get("Location")
    if location and 300 <= response.status_code < 400:
        parts = urlsplit(location)
        if parts.scheme or parts.netloc:
            path = "/" + parts.path.lstrip("/")      # never "//host/…", which a browser takes for a host
            response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))
    return response


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register_security_headers(app):
    app.after_request(add_security_headers)
    app.after_request(relative_location)
