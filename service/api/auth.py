"""Optional API keys: when keys are configured, a request must carry
`Authorization: Bearer <key>`; keys are compared in constant time."""
import hmac

from flask_smorest import abort

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="citations"'}


def bearer_token(authorization):
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def key_matches(token, keys):
    """True when `token` is one of `keys`; every key is compared, whatever the outcome."""
    given = token.encode("utf-8", "surrogateescape")
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key.encode("utf-8"))
    return matched


def require_api_key(authorization, keys):
    """Abort with 401 unless `keys` is empty or the header holds one of them."""
    if not keys:
        return
    token = bearer_token(authorization)
    if token is None:
        abort(401, message="this service needs an API key: send 'Authorization: Bearer <key>'",
              headers=CHALLENGE)
    if not key_matches(token, keys):
        abort(401, message="the API key is not valid",
              headers={"WWW-Authenticate": 'Bearer realm="citations", error="invalid_token"'})
