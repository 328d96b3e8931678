"""What runs on a Dask worker: the engine, loaded once per worker process, and the task
that turns one partition into one part file.

The models load when the worker joins the run (EnginePlugin) and stay for every task
the process runs (service.nlp.get_pipeline is process-wide). A task reads its
partition as a stream, skips the documents the part's journal already holds, runs
the others through the engine a few at a time, journals each batch, and writes the
part file at the end. A document the engine fails on gets an error; only a failure
to load the models or to read the input fails the task.
"""
import asyncio
import logging
import threading
import time
from dataclasses import dataclass

from distributed import WorkerPlugin, get_worker

from service.batch.documents import ENGINE_FAILED, TIMED_OUT, answer_line, checked, error
from service.batch.inputs import Partition, read_partition
from service.batch.outputs import OutputFolder, PartStore

log = logging.getLogger(__name__)

PLUGIN_NAME = "citations-engine"


class EngineUnavailable(RuntimeError):
    """The models or the speaker list cannot be loaded on a worker; the message says why."""


@dataclass(frozen=True)
class LoadedEngine:
    settings: object
    pipeline: object
    speakers: object


_engine = None
_failure = None
_lock = threading.Lock()


def load_engine():
    """The process's engine (settings, pipeline, speaker list), loaded on first use."""
    global _engine, _failure
    with _lock:
        if _engine is None and _failure is None:
            try:
                _engine = build_engine()
            except Exception as exc:        # kept: every task of this process reports it
                _failure = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        if _failure is not None:
            raise EngineUnavailable(f"cannot load the engine on this worker: {_failure}")
        return _engine


def build_engine():
    from service.config import Settings
    from service.nlp import get_pipeline
    from service.quotes import speaker_list

    settings = Settings.from_env()
    return LoadedEngine(settings, get_pipeline(settings), speaker_list(settings))


def use_engine():
    """The engine, with torch's thread count set for the calling thread (it is per thread)."""
    from service.nlp.pipeline import set_torch_threads

    engine = load_engine()
    set_torch_threads(engine.settings)
    return engine


class EnginePlugin(WorkerPlugin):
    """Loads the models when a worker joins, beside its event loop (a failure is kept and
    reported by the tasks)."""

    name = PLUGIN_NAME

    async def setup(self, worker):
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, load_engine)
        except EngineUnavailable as exc:
            log.error("%s", exc)


# ---- documents through the engine -------------------------------------------------------

def engine_error(exc, settings):
    from service.quotes import ProcessingTimeout

    if isinstance(exc, ProcessingTimeout):
        return error(TIMED_OUT, f"processing took longer than the time limit ({settings.time_limit_s:g} s)")
    return error(ENGINE_FAILED, f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500])


def extract_each(documents, engine):
    """Quotes of each document on its own; a failure becomes that document's error."""
    from service.quotes import extract

    found = []
    for document in documents:
        try:
            found.append(extract(document.text, document.date, pipeline=engine.pipeline,
                                 deadline=time.monotonic() + engine.settings.time_limit_s,
                                 speakers=engine.speakers))
        except Exception as exc:
            document.error = engine_error(exc, engine.settings)
            found.append(None)
    return found


def answer_batch(documents, engine):
    """Answer lines of documents, parsed together; on any failure each is run alone so
    that only the document at fault gets an error."""
    from service.quotes import extract_batch

    for document in documents:
        checked(document, engine.settings.max_chars)
    valid = [d for d in documents if d.error is None]
    try:
        deadline = time.monotonic() + engine.settings.time_limit_s * max(1, len(valid))
        found = extract_batch([(d.text, d.date) for d in valid], pipeline=engine.pipeline,
                              deadline=deadline, speakers=engine.speakers) if valid else []
    except Exception:
        found = extract_each(valid, engine)
    quotes_of = {id(d): f for d, f in zip(valid, found)}
    return [answer_line(d, quotes_of.get(id(d))) for d in documents]


# ---- one partition ----------------------------------------------------------------------

def report_progress(topic, partition, documents):
    if topic:
        try:
            get_worker().log_event(topic, {"part": partition.name, "documents": documents})
        except ValueError:          # not on a worker (called directly): nothing to report to
            pass


def journal_matches(store, partition, date_field):
    """How many documents the journal holds when their ids are those of the partition's
    first documents; None when the input changed since the journal was written."""
    done = store.journal_ids()
    if not done:
        return 0
    matched = 0
    for expected, document in zip(done, read_partition(partition, date_field)):
        if document.id != expected:
            return None
        matched += 1
    return matched if matched == len(done) else None


def process_partition(partition_data, output_url, output_format, date_field="date",
                      batch_documents=8, topic=None):
    """Write the part file of one partition (resuming its journal); returns its counts with
    `processed`, the documents run through the engine by this call."""
    partition = Partition.from_dict(partition_data)
    store = PartStore(OutputFolder(output_url), partition.name, output_format)
    if store.finished():
        return {**store.stats(), "processed": 0}
    engine = use_engine()
    skip = journal_matches(store, partition, date_field)
    if skip is None:                        # the input changed: the journal is of no use
        store.discard_journal()
        skip = 0
    processed, batch, position, documents = 0, [], skip, 0
    for ordinal, document in enumerate(read_partition(partition, date_field)):
        documents = ordinal + 1
        if ordinal < skip:
            continue
        batch.append(document)
        if len(batch) >= batch_documents:
            store.add_chunk(position, answer_batch(batch, engine))
            report_progress(topic, partition, len(batch))
            processed, position, batch = processed + len(batch), position + len(batch), []
    if batch:
        store.add_chunk(position, answer_batch(batch, engine))
        report_progress(topic, partition, len(batch))
        processed += len(batch)
    return {**store.finish(documents), "processed": processed}
