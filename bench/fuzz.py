"""Fuzzing the running server (`make fuzz`): schemathesis against gunicorn.

gunicorn is started from the Procfile (2 workers, 127.0.0.1, a free port, one
API key).  Every operation of the committed OpenAPI document gets
`--examples` generated requests (valid and invalid ones, from schemathesis's
positive and negative generation), sent over HTTP with the key, and half as
many again without it.  Criteria (exit status 1 when one fails): at least
`--min-requests` requests (2,000 by default), no 5xx and no broken
connection, every answer as documented, every error in the JSON error format.

    python -m bench.fuzz [--examples 300] [--min-requests 2000]
"""
import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "fuzz-key-0123456789"
ERROR_KEYS = {"code", "status", "message", "errors"}


def error_format_problem(response):
    """Why an error answer is not in the JSON error format, or None."""
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return "not JSON"
    if not (isinstance(body, dict) and set(body) <= ERROR_KEYS and {"code", "status", "message"} <= set(body)
            and body["code"] == response.status_code):
        return f"not the error format: {str(body)[:120]}"
    if "x-content-type-options" not in {name.lower() for name in response.headers}:
        return "no security headers"
    return None


def send(case, target, counts, problems):
    """Send one generated request; count its status and note any problem with the answer."""
    import requests

    base_url, session, headers, with_key, stop_at = target
    label = case.operation.label
    if time.monotonic() > stop_at:
        return
    try:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=120)
    except requests.RequestException as exc:
        counts[label, type(exc).__name__] += 1
        problems.append((label, type(exc).__name__, ""))
        return
    counts[label, response.status_code] += 1
    problem = "server error" if response.status_code >= 500 else error_format_problem(response)
    if problem is None and with_key:
        try:
            case.validate_response(response, headers=headers)
        except Exception as exc:    # schemathesis reports every failed check in one exception
            problem = " ".join(str(exc).split())[:200]
    if problem is not None:
        problems.append((label, response.status_code, problem))


def _sender(target, counts, problems):
    def run(case):
        send(case, target, counts, problems)
    return run


def fuzz(base_url, examples, deadline_s):
    import requests
    import schemathesis
    from hypothesis import HealthCheck, given, settings, strategies as st

    schema = schemathesis.openapi.from_path(ROOT / "openapi" / "openapi.json")
    counts, problems = collections.Counter(), []
    session = requests.Session()
    stop_at = time.monotonic() + deadline_s

    def sent_for(label):
        return sum(n for (counted, _), n in counts.items() if counted == label)

    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = st.one_of(operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
                             operation.as_strategy(schemathesis.GenerationMode.NEGATIVE))
        for with_key, budget in ((True, examples), (False, max(examples // 2, 1))):
            headers = {"Authorization": f"Bearer {KEY}"} if with_key else {}
            target = (base_url, session, headers, with_key, stop_at)
            before = sent_for(operation.label)

            run = given(case=strategy)(_sender(target, counts, problems))
            settings(max_examples=budget, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))(run)()
            # an operation with few distinct requests (no parameters) is sent again up to its budget
            for _ in range(budget - (sent_for(operation.label) - before)):
                send(strategy.example(), target, counts, problems)
    return counts, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="generated requests per operation, with the key")
    parser.add_argument("--min-requests", type=int, default=2000)
    parser.add_argument("--max-seconds", type=float, default=1200.0, help="bound on the whole run")
    args = parser.parse_args(argv)

    from bench import load

    with load.Gunicorn(workers=2, extra_env={"QUOTES_API_KEYS": KEY}) as server:
        started = time.monotonic()
        counts, problems = fuzz(server.base_url, args.examples, args.max_seconds)
        seconds = time.monotonic() - started
        log_tail = server.log_tail(20)
    total = sum(counts.values())
    by_operation = collections.defaultdict(dict)
    for (label, status), n in sorted(counts.items(), key=str):
        by_operation[label][str(status)] = n
    for label, statuses in by_operation.items():
        print(f"{label:22s} " + ", ".join(f"{s}: {n}" for s, n in statuses.items()))
    server_errors = sum(n for (_, status), n in counts.items() if not isinstance(status, int) or status >= 500)
    print(f"\n{total} requests in {seconds:.0f} s; {server_errors} server errors or broken connections; "
          f"{len(problems)} problems")
    for problem in problems[:20]:
        print("  ", *problem)
    passed = total >= args.min_requests and server_errors == 0 and not problems
    if not passed:
        print("\nlast lines of the server's log:\n" + log_tail)
    print("\nfuzz: " + ("all criteria met" if passed else "FAILED"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
