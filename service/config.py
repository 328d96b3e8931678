"""Settings of the service, read from environment variables only.

A value the service cannot use raises SettingsError, whose message names the
variable (the service then refuses to start with that one line).
"""
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The French models: inside the package once installed (`pip install .` puts them in
# service/models/fr), else at the top of the checkout.
PACKAGED_MODELS_DIR = Path(__file__).resolve().parent / "models" / "fr"
DEFAULT_MODELS_DIR = PACKAGED_MODELS_DIR if PACKAGED_MODELS_DIR.is_dir() else ROOT / "models" / "fr"


SPEEDUP_MODES = ("auto", "on", "off")     # QUOTES_PARSER_BF16, QUOTES_LSTM_INT8
LOG_FORMATS = ("plain", "json")           # LOG_FORMAT: lines of text, or one JSON object a line


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot use; the message says which."""


def _number(env, name, default, kind, minimum):
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a {'whole ' if kind is int else ''}number") from None
    if not number >= minimum:       # also refuses nan
        raise SettingsError(f"{name}={value} must be at least {minimum}")
    return number


def int_setting(env, name, default, minimum=1):
    return _number(env, name, default, int, minimum)


def float_setting(env, name, default, minimum=0.001):
    return _number(env, name, default, float, minimum)


def _choice(env, name, default, choices):
    value = (env.get(name) or default).strip().lower()
    if value not in choices:
        raise SettingsError(f"{name}={value!r}: use one of {', '.join(choices)}")
    return value


def _api_keys(raw):
    """Comma-separated keys, or `@/path/to/file` with one key per line."""
    raw = (raw or "").strip()
    if raw.startswith("@"):
        raw = Path(raw[1:]).read_text(encoding="utf-8").replace("\n", ",")
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def _origins(raw):
    """CORS_ORIGINS: comma-separated origins (`https://example.org`), or `*` for any."""
    origins = tuple(o.strip().rstrip("/") for o in (raw or "").split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not (origin.startswith(("http://", "https://")) and
                                  "/" not in origin.split("://", 1)[1]):
            raise SettingsError(f"CORS_ORIGINS: {origin!r} is not an origin "
                                "(scheme://host[:port], or *)")
    return origins


@dataclass(frozen=True)
class Settings:
    models_dir: Path = DEFAULT_MODELS_DIR
    stanza_source: str = "local"          # "local" (models_dir) or "official" (stanza.download)
    stanza_resources_dir: str = ""        # where stanza.download stores models ("" = Stanza's default)
    speakers_file: Path = ROOT / "service" / "data" / "speakers.json"
    max_chars: int = 200_000
    max_body_bytes: int = 1_000_000
    batch_max_documents: int = 50
    time_limit_s: float = 60.0
    torch_threads: int = 1
    parser_bf16: str = "auto"             # "auto", "on", "off": see service/nlp/precision.py
    lstm_int8: str = "auto"               # "auto", "on", "off": see service/nlp/quantize.py
    api_keys: tuple = field(default_factory=tuple)
    log_level: str = "INFO"
    log_format: str = "plain"             # "plain" or "json": see service/logs.py
    cors_origins: tuple = field(default_factory=tuple)   # browser origins allowed ("*": any)

    @classmethod
    def from_env(cls, env=None):
        env = os.environ if env is None else env
        d = cls()
        return cls(
            models_dir=Path(env.get("QUOTES_MODELS_DIR") or d.models_dir),
            stanza_source=(env.get("QUOTES_STANZA_SOURCE") or d.stanza_source).lower(),
            stanza_resources_dir=env.get("QUOTES_STANZA_RESOURCES_DIR", d.stanza_resources_dir),
            speakers_file=Path(env.get("QUOTES_SPEAKERS_FILE") or d.speakers_file),
            max_chars=int_setting(env, "QUOTES_MAX_CHARS", d.max_chars),
            max_body_bytes=int_setting(env, "QUOTES_MAX_BYTES", d.max_body_bytes),
            batch_max_documents=int_setting(env, "QUOTES_BATCH_MAX", d.batch_max_documents),
            time_limit_s=float_setting(env, "QUOTES_TIME_LIMIT", d.time_limit_s),
            torch_threads=int_setting(env, "QUOTES_TORCH_THREADS", d.torch_threads),
            parser_bf16=_choice(env, "QUOTES_PARSER_BF16", d.parser_bf16, SPEEDUP_MODES),
            lstm_int8=_choice(env, "QUOTES_LSTM_INT8", d.lstm_int8, SPEEDUP_MODES),
            api_keys=_api_keys(env.get("QUOTES_API_KEYS")),
            log_level=(env.get("LOG_LEVEL") or d.log_level).upper(),
            log_format=_choice(env, "LOG_FORMAT", d.log_format, LOG_FORMATS),
            cors_origins=_origins(env.get("CORS_ORIGINS")),
        )
