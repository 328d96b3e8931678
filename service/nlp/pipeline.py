"""Load and run Stanza's French pipeline (tokenize, mwt, pos, lemma, depparse).

Two sources: the project's own models in a folder (the default, works with no
network), or Stanza's official French models through `stanza.download`
(`QUOTES_STANZA_SOURCE=official`, for users who are online).  Either way the
pipeline is built once per process and shared; a failure is raised as
`ModelsUnavailable` with a one-line message that says what to do.
"""
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from service.nlp import optimizers, speedups

PROCESSORS = "tokenize,mwt,pos,lemma,depparse"
MODEL_FILES = {p: f"{p}.pt" for p in PROCESSORS.split(",")}
PRETRAIN_FILE = "pretrain.pt"
# what both model sources share when the pipeline is built
PIPELINE_OPTIONS = {"processors": PROCESSORS, "download_method": None, "use_gpu": False,
                    "depparse_batch_size": speedups.PARSER_BATCH_WORDS}

log = logging.getLogger(__name__)
_lock = threading.Lock()
_pipeline = None


class ModelsUnavailable(RuntimeError):
    """The French models cannot be loaded; the message says why and what to do."""


def _local_arguments(models_dir):
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        raise ModelsUnavailable(f"model folder {models_dir} does not exist: set QUOTES_MODELS_DIR "
                                "or run `make models`")
    missing = [name for name in MODEL_FILES.values() if not (models_dir / name).is_file()]
    if missing:
        raise ModelsUnavailable(f"model folder {models_dir} lacks {', '.join(missing)}: "
                                "run `make models` or set QUOTES_MODELS_DIR")
    args = {f"{p}_model_path": str(models_dir / name) for p, name in MODEL_FILES.items()}
    if (models_dir / PRETRAIN_FILE).is_file():
        args["pos_pretrain_path"] = args["depparse_pretrain_path"] = str(models_dir / PRETRAIN_FILE)
    return args


def _resources_dir(models_dir):
    """Stanza wants a resources.json beside explicit model paths; `{}` is enough."""
    candidate = Path(models_dir)
    if (candidate / "resources.json").is_file():
        return str(candidate)
    scratch = Path(tempfile.gettempdir()) / "citations-stanza-resources"
    scratch.mkdir(parents=True, exist_ok=True)
    resources = scratch / "resources.json"
    if not resources.is_file() or resources.read_text(encoding="utf-8") != "{}":
        # written whole under another name, then renamed: processes loading at once never read it half-written
        partial = scratch / f"resources.json.{os.getpid()}"
        partial.write_text(json.dumps({}), encoding="utf-8")
        os.replace(partial, resources)
    return str(scratch)


def _first_words(exc, limit=160):
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _load_local(settings):
    import stanza

    args = _local_arguments(settings.models_dir)
    try:
        return stanza.Pipeline("fr", dir=_resources_dir(settings.models_dir), allow_unknown_language=True,
                               logging_level="ERROR", **PIPELINE_OPTIONS, **args)
    except Exception as exc:  # a corrupt or incompatible file: say which folder
        raise ModelsUnavailable(f"cannot load the models in {settings.models_dir} "
                                f"({type(exc).__name__}: {_first_words(exc)}); "
                                "rebuild them with `make models`") from exc


def _load_official(settings):
    import stanza

    kwargs = {"dir": settings.stanza_resources_dir} if settings.stanza_resources_dir else {}
    try:
        stanza.download("fr", processors=PROCESSORS, logging_level="WARN", **kwargs)
    except Exception as exc:
        raise ModelsUnavailable("cannot download Stanza's official French models "
                                f"({type(exc).__name__}); this needs internet access. Offline, unset "
                                "QUOTES_STANZA_SOURCE to use the project's models in models/fr") from exc
    try:
        return stanza.Pipeline("fr", logging_level="WARN", **PIPELINE_OPTIONS, **kwargs)
    except Exception as exc:
        raise ModelsUnavailable(f"cannot load Stanza's official French models: {exc}") from exc


def set_torch_threads(settings):
    """torch's thread count, for the calling thread (under OpenMP each thread keeps its own)."""
    import torch

    torch.set_num_threads(max(1, settings.torch_threads))


def load_pipeline(settings):
    """Build a new pipeline from the settings (no caching; settings come validated from Settings)."""
    set_torch_threads(settings)
    if settings.stanza_source not in ("local", "official"):
        raise ModelsUnavailable(f"QUOTES_STANZA_SOURCE={settings.stanza_source!r}: "
                                "use 'local' (default) or 'official'")
    speedups.install_before_loading(settings)
    with optimizers.left_out(speedups.stanza_version() == speedups.STANZA_VERSION):
        pipeline = _load_official(settings) if settings.stanza_source == "official" else _load_local(settings)
    speedups.install_on_loaded(pipeline, settings)
    return pipeline


def get_pipeline(settings=None):
    """The process's pipeline, built on first use."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                if settings is None:
                    from service.config import Settings
                    settings = Settings.from_env()
                _pipeline = load_pipeline(settings)
                log.info("Stanza pipeline loaded (%s)", settings.stanza_source)
    return _pipeline


def pipeline_loaded():
    return _pipeline is not None


def parse(texts, pipeline=None):
    """Parse several texts in one pass through Stanza; returns stanza Documents."""
    import stanza

    pipeline = pipeline or get_pipeline()
    docs = [stanza.Document([], text=t) for t in texts]
    return pipeline(docs) if docs else []


def reparse(sentences, pipeline=None):
    """The dependency trees of parsed Stanza sentences again, from their words' tags as they are now
    (after a repair of the tags), the sentences changed in place."""
    import stanza

    if not sentences:
        return
    document = stanza.Document([])
    document.sentences = list(sentences)
    document.num_words = sum(len(sentence.words) for sentence in sentences)
    (pipeline or get_pipeline()).processors["depparse"].process(document)
