"""Soak test (`make soak`): a real gunicorn under mixed load, then SIGTERM under that load.

gunicorn is started from the Procfile (2 workers, 127.0.0.1, a free port).  Eight
clients post for a fixed time a mix of good articles (the seeds) and bad requests:
invalid JSON, an empty text, a wrong content type, a body over the size limit and
a text over the character limit.  At the end of that time, while the clients are
still sending, gunicorn's master gets SIGTERM: the requests the workers are
serving must finish (graceful timeout), none may be cut.

Before that load, a hostile phase: `--slow-clients` connections (50) trickle
their headers a byte a second for `--slow-seconds` (20) while /health is probed
and good articles are posted; then hostile texts are posted (a straight quote
before a thousand « a » pairs, 200,000 opening marks, 200,000 combining
accents on one letter) and their answer times taken.  During the mixed load,
/health and /ready are probed too.

Criteria (exit status 1 when one fails): no error on a good request; every bad
request gets its 4xx with a JSON error body; each worker's RSS grows by less than
5 % (peak over the last quarter of the load against the second), none restarted; on SIGTERM
every in-flight request a worker had taken is answered and gunicorn exits cleanly
within its graceful timeout; with the slow clients open, /health answers under
200 ms (p95) and every good article is served; under the mixed load /health and
/ready answer under 100 ms (p95); every hostile text is answered (200, or 503 at
the time limit) within the time limit and a few seconds.

    python -m bench.soak [--duration 60] [--clients 8] [--max-requests 20000]
                         [--slow-clients 50] [--slow-seconds 20]
"""
import argparse
import collections
import json
import re
import socket
import sys
import threading
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
SLOW_HEALTH_P95_S = 0.2
LOADED_PROBE_P95_S = 0.1
HOSTILE_SLACK_S = 5.0


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


def _under(value, limit):
    return value is not None and value < limit


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
    slow = result.get("slow_clients")
    if slow:
        rows.append((f"{slow['connections']} slow clients for {slow['seconds']:g} s: /health p95 < "
                     f"{SLOW_HEALTH_P95_S * 1000:.0f} ms, good articles served",
                     f"/health {slow['health_ok']}/{slow['health_probes']}, p95 "
                     f"{slow['health_latency']['p95_ms']} ms; articles {slow['good_posts_ok']}/{slow['good_posts']}",
                     slow["health_ok"] == slow["health_probes"] > 0
                     and _under(slow["health_latency"]["p95_ms"], SLOW_HEALTH_P95_S * 1000)
                     and slow["good_posts_ok"] == slow["good_posts"] > 0))
    for path, probe in result.get("probes_under_load", {}).items():
        rows.append((f"{path} under the mixed load: p95 < {LOADED_PROBE_P95_S * 1000:.0f} ms",
                     f"{probe['ok']}/{probe['probes']}, p50 {probe['latency']['p50_ms']} ms, "
                     f"p95 {probe['latency']['p95_ms']} ms",
                     probe["ok"] == probe["probes"] > 0 and _under(probe["latency"]["p95_ms"],
                                                                   LOADED_PROBE_P95_S * 1000)))
    for name, answer in (result.get("hostile_texts") or {}).items():
        rows.append((f"hostile text answered within the time limit: {name}",
                     f"{answer['status']} after {answer['seconds']} s", answer["ok"]))
    return rows


# --- hostile clients and texts ---------------------------------------------------

def _get_seconds(url, timeout=10):
    import requests

    started = time.perf_counter()
    try:
        status = requests.get(url, timeout=timeout).status_code
    except requests.RequestException as exc:
        status = type(exc).__name__
    return status, time.perf_counter() - started


def slow_clients(base_url, port, count, seconds, good_body):
    """`count` connections trickling header bytes one a second for `seconds` (bounded), while
    /health is probed every 0.2 s and good articles are posted one after the other."""
    import requests

    stop = threading.Event()
    opened = []

    def trickle():
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            return
        opened.append(sock)
        request = b"POST /quotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + b"X-Pad: a" * 50
        for byte in request:
            if stop.wait(1.0):
                break
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    probes, posts = [], []
    ends = time.perf_counter() + seconds
    next_post = 0.0
    while time.perf_counter() < ends:
        probes.append(_get_seconds(base_url + "/health"))
        if time.perf_counter() >= next_post:
            started = time.perf_counter()
            try:
                status = requests.post(base_url + "/quotes", data=good_body,
                                       headers={"Content-Type": "application/json"}, timeout=60).status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            posts.append((status, time.perf_counter() - started))
            next_post = time.perf_counter() + 1.0
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(5)
    for sock in opened:
        sock.close()
    ok = [t for status, t in probes if status == 200]
    return {"connections": len(opened), "seconds": seconds,
            "health_probes": len(probes), "health_ok": len(ok),
            "health_latency": latency_summary(ok),
            "good_posts": len(posts), "good_posts_ok": sum(status == 200 for status, _ in posts),
            "good_latency": latency_summary([t for status, t in posts if status == 200])}


def hostile_texts(base_url, time_limit_s, max_chars):
    """The answer time of each hostile text, in seconds, with its status."""
    import requests

    texts = {
        "straight quote before 1,400 « a » pairs (8 KB)": '"' + "« a » " * 1400,
        f"{max_chars:,} opening marks": '"' + "«" * (max_chars - 1),
        f"{max_chars:,} combining accents on one letter": "e" + "\u0301\u0316" * ((max_chars - 1) // 2),
        f"{max_chars:,} word characters then a stop, and a line": "a" * (max_chars - 3) + ".\nb",
    }
    out = {}
    for name, text in texts.items():
        body = json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")
        started = time.perf_counter()
        try:
            response = requests.post(base_url + "/quotes", data=body, headers={"Content-Type": "application/json"},
                                     timeout=time_limit_s + 120)
            status = response.status_code
            message = response.json().get("message", "") if status != 200 else ""
        except (requests.RequestException, ValueError) as exc:
            status, message = type(exc).__name__, ""
        seconds = round(time.perf_counter() - started, 2)
        out[name] = {"status": status, "seconds": seconds, "message": message[:80],
                     "ok": status in (200, 503) and (status == 200 or "time limit" in message)
                     and seconds <= time_limit_s + HOSTILE_SLACK_S}
    return out


def probe_while(base_url, stop):
    """(path, status, seconds) of /health and /ready probes, every 0.1 s until `stop` is set."""
    out = []
    i = 0
    while not stop.wait(0.1):
        path = "/health" if i % 2 == 0 else "/ready"
        status, seconds = _get_seconds(base_url + path)
        out.append((path, status, seconds))
        i += 1
    return out


# --- the run -----------------------------------------------------------------

def soak(duration, clients, max_requests, workers=WORKERS, slow_count=50, slow_seconds=20.0):
    from service.config import Settings

    settings = Settings.from_env()
    bad = bad_calls(settings)
    seeds = corpus.seed_articles()
    next_call, good = next_call_function(seeds, bad)
    with load.Gunicorn(workers=workers, extra_env={"LOG_LEVEL": "INFO"}) as server:
        graceful = float(server.config.get("graceful_timeout", "30"))
        load.warm_up(server.base_url, good + list(bad.values()), workers)
        before_hostile = server.worker_memory()
        slow = slow_clients(server.base_url, server.port, slow_count, slow_seconds,
                            _json({"text": seeds[0][1]})) if slow_count else None
        hostile = hostile_texts(server.base_url, settings.time_limit_s, settings.max_chars)
        warm_memory, start_pids = server.worker_memory(), server.worker_pids()
        budget = load.Budget(duration + graceful + 30, max_requests)
        thread, holder = load.start_clients(server.base_url, next_call, clients, budget, stop_on_refused=True)
        stop_probes, probes = threading.Event(), []
        prober = threading.Thread(target=lambda: probes.extend(probe_while(server.base_url, stop_probes)))
        prober.start()
        memory_trace = sample_memory(server, duration)
        stop_probes.set()
        prober.join(30)
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
        "rss_before_hostile_mib": {str(pid): m["rss_mib"] for pid, m in before_hostile.items()},
        "rss_after_warm_up_mib": {str(pid): m["rss_mib"] for pid, m in warm_memory.items()},
        "rss": rss_growth(memory_trace, duration),
        "workers_restarted": start_pids != end_pids,
        "shutdown": shutdown_analysis(samples, term_at, logged_requests(log_text), clean_exit),
        "exit_code": exit_code, "shutdown_seconds": shutdown_seconds, "clean_exit": clean_exit,
        "server_log_tail": log_tail,
        "after_sigterm": dict(collections.Counter(s.error or str(s.status)
                                                  for s in samples if s.started >= term_at)),
        "slow_clients": slow, "hostile_texts": hostile,
        "probes_under_load": {path: {"probes": sum(1 for p, _, _ in probes if p == path),
                                     "ok": sum(1 for p, st, _ in probes if p == path and st == 200),
                                     "latency": latency_summary([t for p, st, t in probes
                                                                 if p == path and st == 200])}
                              for path in ("/health", "/ready")},
    }


def tables(result):
    kinds = report.markdown_table(
        ["request kind", "sent", "right answer", "statuses", "transport errors"],
        [(k, v["sent"], v["right"], ", ".join(f"{s}: {n}" for s, n in v["statuses"].items()) or None,
          ", ".join(f"{e}: {n}" for e, n in v["transport_errors"].items()) or None)
         for k, v in result["kinds"].items()])
    warm = result["rss_after_warm_up_mib"]
    before = result.get("rss_before_hostile_mib", {})
    memory = report.markdown_table(
        ["worker", "RSS before the hostile phase MiB", "RSS after it MiB", "peak RSS, 2nd quarter MiB",
         "peak RSS, last quarter MiB",
         "growth"],
        [(pid, before.get(pid), warm.get(pid), m["start_mib"], m["end_mib"], f"{m['growth']:.1%}")
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
    parser.add_argument("--slow-clients", type=int, default=50, help="slow connections in the hostile phase")
    parser.add_argument("--slow-seconds", type=float, default=20.0, help="how long they trickle")
    parser.add_argument("--write", action="store_true", help="also write bench/results/<date>-soak.json")
    args = parser.parse_args(argv)

    result = soak(args.duration, args.clients, args.max_requests, slow_count=args.slow_clients,
                  slow_seconds=min(args.slow_seconds, 120.0))
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
