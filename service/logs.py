"""Where the service's logs go, and in what form (LOG_FORMAT): lines of text (`plain`, the
default), or one JSON object a line (`json`) with `level`, `logger`, `message`, `pid`, `time`
(ISO 8601, UTC), a traceback as `exc_info`, and the fields a line carries (the access line's
request id, route, status, duration...).

JSON is written by python-json-logger, for the application's lines (`install`) and, through
gunicorn's `logconfig_dict` (`gunicorn_logconfig`), for gunicorn's own (start, workers, errors):
a line break or control character in a value is escaped inside its string, never written out.
"""
import logging

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = ("levelname", "name", "message", "process")
JSON_NAMES = {"levelname": "level", "name": "logger", "process": "pid"}


def json_formatter():
    """The formatter of LOG_FORMAT=json: one JSON object a line."""
    from pythonjsonlogger.json import JsonFormatter

    # `defaults` puts `time` first; the timestamp fills it in
    return JsonFormatter(JSON_FIELDS, rename_fields=JSON_NAMES, timestamp="time", defaults={"time": None})


def formatter(log_format):
    return json_formatter() if log_format == "json" else logging.Formatter(PLAIN_FORMAT)


def install(log_format):
    """Log to stderr in `log_format`, unless the host program (gunicorn's `logconfig_dict`, a test
    runner) has set logging up already.  With json, Python's warnings go through the logs too."""
    if log_format == "json":
        logging.captureWarnings(True)
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    root.addHandler(handler)


def gunicorn_logconfig(log_format):
    """gunicorn's `logconfig_dict`: with json, gunicorn's lines and the application's go to stderr,
    as JSON, through one handler on the root logger; with plain, {} (gunicorn's own set-up, and
    the application's `install`)."""
    if log_format != "json":
        return {}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": json_formatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "root": {"level": "WARNING", "handlers": ["stderr"]},
        # gunicorn's level stays its own (loglevel); the access line is the application's
        "loggers": {"gunicorn.error": {"handlers": [], "propagate": True},
                    "gunicorn.access": {"handlers": [], "propagate": False}},
    }


def cannot_start_line(reason, environ):
    """The one line that says why the service cannot start: a JSON object when LOG_FORMAT asks for JSON
    (read on its own: the setting at fault may be another one), else text."""
    message = f"citations: cannot start: {reason}"
    if (environ.get("LOG_FORMAT") or "").strip().lower() != "json":
        return message
    record = logging.LogRecord("service.config", logging.CRITICAL, __file__, 0, message, None, None)
    return json_formatter().format(record)
