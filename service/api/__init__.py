"""The JSON API: flask-smorest blueprints (quotes, speakers, version, metrics, health), their
schemas, and the request-level concerns they share (errors, keys, logs, headers, CORS)."""
from . import health, metrics, quotes, speakers, version

BLUEPRINTS = (quotes.blp, speakers.blp, version.blp, metrics.blp, health.blp)
