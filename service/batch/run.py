"""The client side of a run: plan the partitions, start a local Dask cluster or join one,
submit one task per missing part, follow the progress, write the manifest.

A rerun of the same command in the same output folder takes the partitions recorded
in `_run.json`, skips the parts already written and resumes the cut ones.
"""
import logging
import os
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from service.batch import inputs, outputs
from service.batch.worker import EnginePlugin, EngineUnavailable, process_partition

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED_DOCUMENTS = 1
EXIT_USAGE = 2
EXIT_ENGINE = 3
EXIT_FAILED_PARTS = 4
EXIT_INTERRUPTED = 130
RUN_OPTIONS = ("input", "format", "date_field", "partition_documents")
TASK_RETRIES = 2


class RunError(Exception):
    """The run cannot start (bad input, or an output folder of another run); `status` is
    the exit status."""

    def __init__(self, message, status=EXIT_USAGE):
        super().__init__(message)
        self.status = status


@dataclass
class Options:
    input: str
    output: str
    workers: int = 0                 # 0: one per core
    scheduler: str = ""              # "": a local cluster
    format: str = "jsonl"
    date_field: str = "date"
    partition_documents: int = 1000
    batch_documents: int = 8
    progress: bool = True


@dataclass
class Outcome:
    documents: int = 0
    quotations: int = 0
    failures: int = 0
    parts: int = 0
    failed_parts: list = field(default_factory=list)
    processed: int = 0               # documents run through the engine by this run
    elapsed_s: float = 0.0
    startup_s: float = 0.0           # until every worker had its engine loaded
    status: int = EXIT_OK

    def summary(self):
        rate = self.processed / self.elapsed_s if self.elapsed_s > 0 else 0.0
        line = (f"{self.documents} documents, {self.quotations} quotations, {self.failures} failures, "
                f"{self.parts} parts in {self.elapsed_s:.1f}s ({rate:.2f} documents/s; "
                f"{self.processed} processed by this run, start-up {self.startup_s:.1f}s)")
        if self.failed_parts:
            line += f"; {len(self.failed_parts)} parts not written: rerun to retry them"
        return line


def default_workers():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# ---- the run file: same options, same partitions ----------------------------------------

def run_record(options, partitions):
    return {"input": options.input, "format": options.format, "date_field": options.date_field,
            "partition_documents": options.partition_documents,
            "partitions": [p.to_dict() for p in partitions]}


def load_or_plan(folder, options):
    """The partitions of this run: those recorded by an earlier run of the same command in
    this folder, else a new plan (recorded)."""
    if folder.exists(outputs.RUN_FILE):
        record = folder.read_json(outputs.RUN_FILE)
        wanted = run_record(options, [])
        different = [k for k in RUN_OPTIONS if record.get(k) != wanted[k]]
        if different:
            raise RunError(f"{options.output} holds a run with other options "
                           f"({', '.join(f'{k}={record.get(k)!r}' for k in different)}): "
                           "rerun it with those, or choose another output folder")
        return [inputs.Partition.from_dict(p) for p in record["partitions"]]
    try:
        partitions = inputs.plan(options.input, options.partition_documents)
    except inputs.InputError as exc:
        raise RunError(str(exc)) from None
    except (OSError, ValueError) as exc:
        raise RunError(f"cannot read {options.input}: {exc}") from None
    folder.write_json(outputs.RUN_FILE, run_record(options, partitions))
    return partitions


def clean_finished_journals(folder, finished):
    """Journals left by parts that were written just before a stop."""
    for name in folder.listing(outputs.WORK_DIR):
        if name in finished:
            folder.remove(f"{outputs.WORK_DIR}/{name}")


# ---- the cluster --------------------------------------------------------------------------

@contextmanager
def dask_client(options):
    """A Client on the given scheduler, or on a local cluster of worker processes, one
    thread each, that loads the engine in every worker."""
    from distributed import Client, LocalCluster

    cluster = None
    if options.scheduler:
        try:
            client = Client(options.scheduler)
        except (OSError, TimeoutError) as exc:
            raise RunError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
    else:
        cluster = LocalCluster(n_workers=options.workers or default_workers(), threads_per_worker=1,
                               processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
                               silence_logs=logging.ERROR,
                               env={"QUOTES_TORCH_THREADS": "1", "OMP_NUM_THREADS": "1",
                                    "MKL_NUM_THREADS": "1"})
        client = Client(cluster)
    try:
        try:
            client.register_plugin(EnginePlugin())
        except Exception as exc:            # the workers cannot even import the project
            raise RunError(f"the workers cannot load the engine ({type(exc).__name__}: {exc}); "
                           "install the project on every worker", EXIT_ENGINE) from None
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---- progress ---------------------------------------------------------------------------

class Progress:
    """A progress bar in documents (rate and time left), fed by the workers' events."""

    def __init__(self, total, done, enabled):
        from tqdm import tqdm

        self.seen = {}
        self.bar = tqdm(total=total, initial=done, unit="doc", disable=not enabled,
                        mininterval=1.0 if sys.stderr.isatty() else 10.0, smoothing=0.1,
                        dynamic_ncols=True, file=sys.stderr)

    def on_event(self, event):
        _, message = event
        self.seen[message["part"]] = self.seen.get(message["part"], 0) + message["documents"]
        self.bar.update(message["documents"])

    def part_done(self, name, expected, stats):
        """A part is written: its exact count (journaled documents of an earlier run included)
        replaces the events' and the estimate."""
        missing = stats["documents"] - self.seen.pop(name, 0)
        if missing > 0:
            self.bar.update(missing)
        if self.bar.total is not None:
            self.bar.total = max(self.bar.n, self.bar.total + stats["documents"] - expected)
            self.bar.refresh()

    def close(self):
        self.bar.close()


# ---- running ----------------------------------------------------------------------------

def submit_parts(client, options, pending, topic):
    futures = {}
    for partition in pending:
        future = client.submit(process_partition, partition.to_dict(), options.output, options.format,
                               options.date_field, options.batch_documents, topic,
                               key=f"citations-{partition.name}-{topic}", pure=False,
                               retries=TASK_RETRIES)
        futures[future] = partition
    return futures


def collect(futures, progress, outcome, finished):
    """Wait for the tasks; a part's counts go to `finished`, a failed part to the outcome."""
    from distributed import as_completed

    for future in as_completed(list(futures)):
        partition = futures[future]
        if future.status == "error":
            exc = future.exception()
            if isinstance(exc, EngineUnavailable):
                raise RunError(str(exc), EXIT_ENGINE)
            log.error("%s not written: %s: %s", partition.name, type(exc).__name__, exc)
            outcome.failed_parts.append(partition.name)
            continue
        stats = future.result()
        finished[partition.name] = stats
        outcome.processed += stats["processed"]
        progress.part_done(partition.name, partition.expected, stats)


def total_counts(outcome, finished, partitions):
    outcome.parts = len(partitions)
    for key in ("documents", "quotations", "failures"):
        setattr(outcome, key, sum(stats[key] for stats in finished.values()))


def manifest(options, outcome):
    return {"input": options.input, "format": options.format, "documents": outcome.documents,
            "quotations": outcome.quotations, "failures": outcome.failures, "parts": outcome.parts,
            "processed_by_last_run": outcome.processed, "elapsed_s": round(outcome.elapsed_s, 3),
            "startup_s": round(outcome.startup_s, 3),
            "documents_per_s": round(outcome.processed / outcome.elapsed_s, 3) if outcome.elapsed_s else None,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def absolute(url):
    """A local path made absolute (workers may run elsewhere); URLs as they are."""
    return url if "://" in url else os.path.abspath(url)


def run(options):
    """Run (or resume) the archive; returns the Outcome (its `status` is the exit status)."""
    started = time.monotonic()
    options.input, options.output = absolute(options.input), absolute(options.output)
    folder = outputs.OutputFolder(options.output)
    partitions = load_or_plan(folder, options)
    folder.remove_temporaries()
    folder.remove(outputs.MANIFEST)
    finished = {name: stats for name, stats in outputs.finished_counts(folder).items()
                if folder.exists(f"{name}.{options.format}")}
    clean_finished_journals(folder, finished)
    pending = [p for p in partitions if p.name not in finished]
    outcome = Outcome()
    done = sum(stats["documents"] for stats in finished.values())
    progress = Progress(done + sum(p.expected for p in pending), done, options.progress)
    try:
        if pending:
            topic = f"citations-progress-{uuid.uuid4().hex[:12]}"
            with dask_client(options) as client:
                outcome.startup_s = time.monotonic() - started
                client.subscribe_topic(topic, progress.on_event)
                collect(submit_parts(client, options, pending, topic), progress, outcome, finished)
                client.unsubscribe_topic(topic)
    finally:
        progress.close()
    outcome.elapsed_s = time.monotonic() - started
    total_counts(outcome, finished, partitions)
    if outcome.failed_parts:
        outcome.status = EXIT_FAILED_PARTS
        return outcome
    folder.write_json(outputs.MANIFEST, manifest(options, outcome))
    folder.remove(outputs.WORK_DIR)
    outcome.status = EXIT_FAILED_DOCUMENTS if outcome.failures else EXIT_OK
    return outcome
