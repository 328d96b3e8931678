"""Soak test (`make soak`): a real gunicorn under mixed load, then SIGTERM under that load.

gunicorn is started from the Procfile (2 workers, 127.0.0.1, a free port).  Eight
clients post for a fixed time a mix of good articles (the seeds) and bad requests:
invalid JSON, an empty text, a wrong content type, a body over the size limit and
a text over the character limit.  At the end of that time, while the clients are
still sending, gunicorn's master gets SIGTERM: the requests the workers are
serving must finish (graceful timeout), none may be cut.

Criteria (exit status 1 when one fails): no error on a good request; every bad
request gets its 4xx with a JSON error body; each worker's RSS grows by less than
5 % (peak over the last quarter of the load against the second), none restarted; on SIGTERM
every in-flight request a worker had taken is answered and gunicorn exits cleanly
within its graceful timeout.

    python -m bench.soak [--duration 60] [--clients 8] [--max-requests 20000]
"""
import argparse
import collections
import json
import re
import sys
import time
from pathlib import Path

from bench import corpus, load, report
from bench.stats import latency_summary

WORKERS = 2
RSS_GROWTH_LIMIT = 0.05
MEMORY_SAMPLE_S = 0.5
GOOD = "good"
# Six good requests for four bad ones; the two oversized kinds take turns.
MIX = (GOOD, "invalid_json", GOOD, "empty_text", GOOD, "wrong_content_type", GOOD, "oversized", GOOD, GOOD)
LOGGED_REQUEST = re.compile(r"\b(?:GET|POST|PUT|DELETE|PATCH|HEAD) \S+ (\d{3}) [\d.]+ms request_id=(\S+)")
FILLER_SENTENCE = "Le ministre a déclaré que la réunion aurait lieu demain. "


def _json(payload):
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def bad_calls(settings):
    """One request of each bad kind, with the status it must get."""
    filler = FILLER_SENTENCE * (settings.max_chars // len(FILLER_SENTENCE) + 2)
    too_long = filler[:settings.max_chars + 100]
    if len(_json({"text": too_long})) > settings.max_body_bytes:
        too_long = None                              # the body limit is hit first: covered below
    calls = {
        "invalid_json": load.json_call("invalid_json", b'{"text": "Il a dit que', (400,)),
        "empty_text": load.json_call("empty_text", _json({"text": ""}), (422,)),
        "wrong_content_type": load.json_call("wrong_content_type", _json({"text": "Il a dit oui."}),
                                             (415,), content_type="application/x-www-form-urlencoded"),
        "oversized_body": load.json_call("oversized_body",
                                         _json({"text": "a" * (settings.max_body_bytes + 1)}), (413,)),
    }
    if too_long:
        calls["too_long_text"] = load.json_call("too_long_text", _json({"text": too_long}), (413,))
    return calls


def good_rank(index):
    """How many good requests come before request `index` in the mix."""
    round_number, position = divmod(index, len(MIX))
    return round_number * MIX.count(GOOD) + MIX[:position].count(GOOD)


def next_call_function(seeds, bad):
    """The request for each index of the mix (seeds in turn, bad kinds in turn), and the good ones."""
    good = [load.json_call(GOOD, _json({"text": text})) for _, text in seeds]
    oversized = [c for k, c in bad.items() if k in ("oversized_body", "too_long_text")]

    def next_call(index):
        kind = MIX[index % len(MIX)]
        if kind == GOOD:
            return good[good_rank(index) % len(good)]
        if kind == "oversized":
            return oversized[(index // len(MIX)) % len(oversized)]
        return bad[kind]
    return next_call, good


# --- analysis ----------------------------------------------------------------

def by_kind(samples):
    """{kind: {sent, right, statuses, transport_errors}}"""
    kinds = {}
    for sample in samples:
        entry = kinds.setdefault(sample.kind, {"sent": 0, "right": 0, "statuses": collections.Counter(),
                                               "transport_errors": collections.Counter()})
        entry["sent"] += 1
        entry["right"] += sample.ok
        if sample.status is not None:
            entry["statuses"][str(sample.status)] += 1
        else:
            entry["transport_errors"][sample.error] += 1
    return {k: {**v, "statuses": dict(v["statuses"]), "transport_errors": dict(v["transport_errors"])}
            for k, v in sorted(kinds.items())}


def sample_memory(server, seconds, every=MEMORY_SAMPLE_S):
    """[(elapsed seconds, {pid: rss MiB})] sampled while the load runs."""
    trace, started = [], time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        trace.append((elapsed, {pid: m["rss_mib"] for pid, m in server.worker_memory().items()}))
        time.sleep(min(every, max(0.0, seconds - elapsed)))
    return trace


def _peak(trace, pid, start, end):
    values = [memory[pid] for t, memory in trace if start <= t < end and pid in memory]
    return max(values) if values else None


def rss_growth(trace, seconds):
    """Each worker's peak RSS over the last quarter of the load against the second quarter.

    The first quarter is left out: the first requests of each size grow the allocator's
    pools once.  Peaks are compared, not single readings, because RSS moves up and down
    with each request's tensors; a leak shows as a rising peak.
    """
    quarter = seconds / 4
    pids = trace[0][1].keys() if trace else []
    growth = {}
    for pid in pids:
        early, late = _peak(trace, pid, quarter, 2 * quarter), _peak(trace, pid, 3 * quarter, seconds + 1)
        if early and late:
            growth[str(pid)] = {"start_mib": early, "end_mib": late, "growth": round(late / early - 1, 4)}
    return growth


def logged_requests(log_text):
    """{request id: status} of every request the application logged as answered."""
    return {m.group(2): int(m.group(1)) for m in LOGGED_REQUEST.finditer(log_text)}


def shutdown_analysis(samples, term_at, logged, clean_exit):
    """What became of the requests in flight when SIGTERM was sent."""
    in_flight = [s for s in samples if s.started < term_at < s.ended]
    completed = [s for s in in_flight if s.ok]
    wrong_answer = [s for s in in_flight if s.status is not None and not s.ok]
    no_answer = [s for s in in_flight if s.status is None]
    lost_after_serving = [s for s in no_answer if s.request_id in logged]
    never_taken = [s for s in no_answer if s.request_id not in logged]
    # A request still queued in the kernel's listen backlog when the workers exit is
    # reset unread; a request a worker had taken can only be cut by a forced kill.
    cut = len(wrong_answer) + len(lost_after_serving) + (0 if clean_exit else len(never_taken))
    return {"in_flight": len(in_flight), "completed": len(completed),
            "answered_wrong": len(wrong_answer), "lost_after_serving": len(lost_after_serving),
            "queued_never_taken": len(never_taken), "cut": cut,
            "queued_errors": dict(collections.Counter(s.error for s in never_taken))}


def criteria(result):
    """(criterion, measured, passed) for each soak criterion."""
    kinds, shutdown, memory = result["kinds"], result["shutdown"], result["rss"]
    good = kinds.get(GOOD, {"sent": 0, "right": 0})
    bad = {k: v for k, v in kinds.items() if k != GOOD}
    bad_wrong = sum(v["sent"] - v["right"] for v in bad.values())
    worst = max((w["growth"] for w in memory.values()), default=None)
    rows = [
        ("good requests served without error", f"{good['right']}/{good['sent']}",
         good["sent"] > 0 and good["right"] == good["sent"]),
        ("bad requests get their 4xx with a JSON error", f"{sum(v['right'] for v in bad.values())}/"
         f"{sum(v['sent'] for v in bad.values())}", bad_wrong == 0 and bool(bad)),
        ("worker RSS growth < 5 %", "–" if worst is None else f"{worst:.1%}",
         worst is not None and worst < RSS_GROWTH_LIMIT and len(memory) == result["workers"]),
        ("no worker restarted during the load", "restarted" if result["workers_restarted"] else "none",
         not result["workers_restarted"]),
        ("SIGTERM: in-flight requests taken by a worker all answered",
         f"{shutdown['completed']} completed of {shutdown['in_flight']} in flight, {shutdown['cut']} cut",
         shutdown["cut"] == 0 and (shutdown["in_flight"] == 0 or shutdown["completed"] > 0)),
        ("SIGTERM: gunicorn exits 0 within its graceful timeout",
         f"exit {result['exit_code']} after {result['shutdown_seconds']} s "
         f"(graceful timeout {result['graceful_timeout_s']} s)", result["clean_exit"]),
    ]
    return rows


# --- the run -----------------------------------------------------------------

def soak(duration, clients, max_requests, workers=WORKERS):
    from service.config import Settings

    settings = Settings.from_env()
    bad = bad_calls(settings)
    next_call, good = next_call_function(corpus.seed_articles(), bad)
    with load.Gunicorn(workers=workers, extra_env={"LOG_LEVEL": "INFO"}) as server:
        graceful = float(server.config.get("graceful_timeout", "30"))
        load.warm_up(server.base_url, good + list(bad.values()), workers)
        warm_memory, start_pids = server.worker_memory(), server.worker_pids()
        budget = load.Budget(duration + graceful + 30, max_requests)
        thread, holder = load.start_clients(server.base_url, next_call, clients, budget, stop_on_refused=True)
        memory_trace = sample_memory(server, duration)
        end_pids = server.worker_pids()
        term_at = server.terminate()
        exit_code = server.wait(graceful + 15)
        shutdown_seconds = round(time.perf_counter() - term_at, 2)
        budget.stop()
        thread.join(load.REQUEST_TIMEOUT_S + 30)
        samples, _ = holder.get("result", ([], 0.0))
        log_text = Path(server.log.name).read_text(errors="replace")
        log_tail = server.log_tail(40)
        argv, config = server.argv, server.config
    clean_exit = exit_code == 0 and shutdown_seconds <= graceful + 1
    before = [s for s in samples if s.ended <= term_at]
    good_latency = [s.seconds for s in before if s.kind == GOOD and s.ok]
    return {
        "command": argv, "workers": workers, "worker_class": config.get("worker_class"),
        "clients": clients, "duration_s": duration, "graceful_timeout_s": graceful,
        "requests": len(before), "served_right": sum(s.ok for s in before),
        "good_requests_per_s": round(len(good_latency) / duration, 3),
        "good_latency": latency_summary(good_latency),
        "kinds": by_kind(before),
        "rss_after_warm_up_mib": {str(pid): m["rss_mib"] for pid, m in warm_memory.items()},
        "rss": rss_growth(memory_trace, duration),
        "workers_restarted": start_pids != end_pids,
        "shutdown": shutdown_analysis(samples, term_at, logged_requests(log_text), clean_exit),
        "exit_code": exit_code, "shutdown_seconds": shutdown_seconds, "clean_exit": clean_exit,
        "server_log_tail": log_tail,
        "after_sigterm": dict(collections.Counter(s.error or str(s.status)
                                                  for s in samples if s.started >= term_at)),
    }


def tables(result):
    kinds = report.markdown_table(
        ["request kind", "sent", "right answer", "statuses", "transport errors"],
        [(k, v["sent"], v["right"], ", ".join(f"{s}: {n}" for s, n in v["statuses"].items()) or None,
          ", ".join(f"{e}: {n}" for e, n in v["transport_errors"].items()) or None)
         for k, v in result["kinds"].items()])
    warm = result["rss_after_warm_up_mib"]
    memory = report.markdown_table(
        ["worker", "RSS after warm-up MiB", "peak RSS, 2nd quarter MiB", "peak RSS, last quarter MiB",
         "growth"],
        [(pid, warm.get(pid), m["start_mib"], m["end_mib"], f"{m['growth']:.1%}")
         for pid, m in result["rss"].items()])
    lat = result["good_latency"]
    shutdown = result["shutdown"]
    summary = (f"{result['clients']} clients for {result['duration_s']} s against gunicorn "
               f"({result['workers']} {result['worker_class']} workers): {result['requests']} requests, "
               f"{result['served_right']} answered right; good articles {result['good_requests_per_s']} req/s, "
               f"p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, p99 {lat['p99_ms']} ms.\n"
               f"SIGTERM under load: {shutdown['in_flight']} requests in flight, {shutdown['completed']} "
               f"completed, {shutdown['queued_never_taken']} still queued unread in the listen backlog "
               f"(reset), {shutdown['cut']} cut; gunicorn exit {result['exit_code']} after "
               f"{result['shutdown_seconds']} s.")
    verdicts = report.markdown_table(["criterion", "measured", "verdict"],
                                     [(c, m, "pass" if ok else "FAIL") for c, m, ok in criteria(result)])
    return "\n\n".join([summary, kinds, memory, verdicts])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load before SIGTERM")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--max-requests", type=int, default=20_000, help="bound on requests sent")
    parser.add_argument("--write", action="store_true", help="also write bench/results/<date>-soak.json")
    args = parser.parse_args(argv)

    result = soak(args.duration, args.clients, args.max_requests)
    from service.config import Settings

    result["machine"] = report.machine(Settings.from_env().torch_threads)
    passed = all(ok for _, _, ok in criteria(result))
    result["passed"] = passed
    report.publish(result, tables(result), report.today() + "-soak", write=args.write)
    if not passed:
        print("\nlast lines of the server's log:\n" + result["server_log_tail"])
    print("\nsoak: " + ("all criteria met" if passed else "FAILED"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
