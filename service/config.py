"""Settings of the service, read from environment variables only."""
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(env, name, default):
    value = env.get(name, "").strip()
    return int(value) if value else default


def _float(env, name, default):
    value = env.get(name, "").strip()
    return float(value) if value else default


def _api_keys(raw):
    """Comma-separated keys, or `@/path/to/file` with one key per line."""
    raw = (raw or "").strip()
    if raw.startswith("@"):
        raw = Path(raw[1:]).read_text(encoding="utf-8").replace("\n", ",")
    return tuple(k.strip() for k in raw.split(",") if k.strip())


@dataclass(frozen=True)
class Settings:
    models_dir: Path = ROOT / "models" / "fr"
    stanza_source: str = "local"          # "local" (models_dir) or "official" (stanza.download)
    stanza_resources_dir: str = ""        # where stanza.download stores models ("" = Stanza's default)
    speakers_file: Path = ROOT / "service" / "data" / "speakers.json"
    max_chars: int = 200_000
    max_body_bytes: int = 1_000_000
    batch_max_documents: int = 50
    time_limit_s: float = 60.0
    torch_threads: int = 1
    parser_bf16: str = "auto"             # "auto", "on", "off": see service/nlp/precision.py
    api_keys: tuple = field(default_factory=tuple)
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env=None):
        env = os.environ if env is None else env
        d = cls()
        return cls(
            models_dir=Path(env.get("QUOTES_MODELS_DIR") or d.models_dir),
            stanza_source=(env.get("QUOTES_STANZA_SOURCE") or d.stanza_source).lower(),
            stanza_resources_dir=env.get("QUOTES_STANZA_RESOURCES_DIR", d.stanza_resources_dir),
            speakers_file=Path(env.get("QUOTES_SPEAKERS_FILE") or d.speakers_file),
            max_chars=_int(env, "QUOTES_MAX_CHARS", d.max_chars),
            max_body_bytes=_int(env, "QUOTES_MAX_BYTES", d.max_body_bytes),
            batch_max_documents=_int(env, "QUOTES_BATCH_MAX", d.batch_max_documents),
            time_limit_s=_float(env, "QUOTES_TIME_LIMIT", d.time_limit_s),
            torch_threads=_int(env, "QUOTES_TORCH_THREADS", d.torch_threads),
            parser_bf16=(env.get("QUOTES_PARSER_BF16") or d.parser_bf16).strip().lower(),
            api_keys=_api_keys(env.get("QUOTES_API_KEYS")),
            log_level=(env.get("LOG_LEVEL") or d.log_level).upper(),
        )
