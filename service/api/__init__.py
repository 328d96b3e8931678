"""The JSON API: flask-smorest blueprints (quotes, speakers, health), their schemas,
and the request-level concerns they share (errors, keys, logs, headers)."""
from . import health, quotes, speakers

BLUEPRINTS = (quotes.blp, speakers.blp, health.blp)
