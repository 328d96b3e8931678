"""GET /version: what is answering (service, Stanza and torch versions, the model files and
speaker list by hash, the speed-ups in force), and the same service version and a short
hash of the models in headers on every answer.

The service version has one home, pyproject.toml (`[project] version`), read from the
installed package's metadata or, in a checkout, from the file itself.  The files are
hashed once per process.
"""
import hashlib
import platform
import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from flask.views import MethodView
from flask_smorest import Blueprint

from service.config import ROOT

from .engine import SpeakerListUnavailable, current_engine
from .openapi import API_CONFIG
from .schemas import VERSION_EXAMPLE, VersionSchema

DISTRIBUTION = "citations"
VERSION_HEADER = "X-Citations-Version"
MODELS_HEADER = "X-Citations-Models"
SHORT_HASH = 12
CHUNK = 1 << 20

blp = Blueprint("version", __name__, description="What is answering.")

_lock = threading.Lock()


@lru_cache(maxsize=1)
def service_version():
    """`[project] version` of pyproject.toml: the checkout's file, else the installed package's."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == DISTRIBUTION and project.get("version"):
            return str(project["version"])
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def package_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def model_paths(settings):
    """The model files the pipeline loads: the `.pt` files of the models folder, or of the
    French folder of Stanza's resources when the official models are used."""
    if settings.stanza_source == "official":
        import stanza

        base = Path(settings.stanza_resources_dir or stanza.resources.common.DEFAULT_MODEL_DIR)
        folder = base / "fr"
        return sorted(folder.rglob("*.pt")) if folder.is_dir() else [], folder
    folder = Path(settings.models_dir)
    return (sorted(folder.glob("*.pt")) if folder.is_dir() else []), folder


_models = {}


def models(settings):
    """{"source", "hash", "files": [{"name", "sha256", "bytes"}]}, computed once per process."""
    key = (settings.stanza_source, str(settings.models_dir), settings.stanza_resources_dir)
    if key not in _models:
        with _lock:
            if key not in _models:
                paths, folder = model_paths(settings)
                files = [{"name": p.relative_to(folder).as_posix(), "sha256": file_sha256(p),
                          "bytes": p.stat().st_size} for p in paths]
                together = "".join(f"{f['name']} {f['sha256']}\n" for f in files)
                _models[key] = {"source": settings.stanza_source,
                                "hash": hashlib.sha256(together.encode()).hexdigest()[:SHORT_HASH],
                                "files": files}
    return _models[key]


def speaker_list(engine):
    """{"file", "sha256", "bytes", "speakers"} of the speaker list in use: the file's hash and size as
    they were when the list was read, and the number of speakers read from it (null values for what
    cannot be read).  /version and /speakers both say this."""
    path = Path(engine.settings.speakers_file)
    unread = {"file": path.name, "sha256": None, "bytes": None}
    try:
        listed = engine.speaker_list()
    except SpeakerListUnavailable:
        return {**_file_version(path, unread), "speakers": None}
    return {**(listed.source or unread), "speakers": len(listed)}


def _file_version(path, unread):
    """A file's name, sha256 and size as it is now (the list in it could not be read)."""
    try:
        return {"file": path.name, "sha256": file_sha256(path), "bytes": path.stat().st_size}
    except OSError:
        return unread


def plain(value):
    """A value as JSON can carry it."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def speedups_in_force(engine):
    """The speed-ups installed at loading, name -> choice; None while the models are not in."""
    if engine.not_ready_reason() is not None:
        return None
    from service.nlp import speedups

    return plain(speedups.in_force())


def version_info(engine):
    settings = engine.settings
    return {
        "service": DISTRIBUTION,
        "version": service_version(),
        "api": API_CONFIG["API_VERSION"],
        "python": platform.python_version(),
        "stanza": package_version("stanza"),
        "torch": package_version("torch"),
        "models": models(settings),
        "speakers": speaker_list(engine),
        "speedups": speedups_in_force(engine),
    }


def add_version_headers(response):
    from flask import current_app

    from .engine import EXTENSION

    response.headers[VERSION_HEADER] = service_version()
    engine = current_app.extensions.get(EXTENSION)
    if engine is not None:
        response.headers[MODELS_HEADER] = models(engine.settings)["hash"]
    return response


def register_version_headers(app):
    app.after_request(add_version_headers)


@blp.route("/version")
class Version(MethodView):
    @blp.response(200, VersionSchema, example=VERSION_EXAMPLE)
    def get(self):
        """Versions of the service and its libraries, model files and speaker list by hash, and
        the speed-ups in force (null until the models are loaded)."""
        return version_info(current_engine())
