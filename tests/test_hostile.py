"""Hostile clients against the real server (gunicorn from the Procfile, one worker): nothing a
client sends stops the service, every answer is JSON with the security headers, and the
processing time limit holds whatever the text."""
import json
import select
import socket
import threading
import time

import pytest
import requests

from api_support import SHORT_ARTICLE, Gunicorn

TIME_LIMIT_S = 12
READ_TIMEOUT_S = 2
SECURITY = ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy")


@pytest.fixture(scope="module")
def server(tmp_path_factory, settings):
    log = tmp_path_factory.mktemp("hostile") / "server.log"
    with Gunicorn(log, QUOTES_MODELS_DIR=str(settings.models_dir), QUOTES_TIME_LIMIT=str(TIME_LIMIT_S),
                  QUOTES_READ_TIMEOUT=str(READ_TIMEOUT_S)) as running:
        running.wait_for("/ready")
        yield running


def exchange(server, data, timeout=30):
    """Send raw bytes; (status, headers, body) of the answer read until the server closes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        return parse_answer(read_all(sock))


def read_all(sock):
    """What the server sends until it closes the connection."""
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


def parse_answer(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


def assert_json_error_answer(status, headers, body, expected):
    assert status == expected, body[:300]
    assert headers["content-type"].startswith("application/json"), headers
    payload = json.loads(body)
    assert payload["code"] == expected and payload["message"] and payload["status"]
    for name in SECURITY:
        assert name.lower() in headers, (name, headers)
    return payload


def post_head(length=None, chunked=False):
    head = "POST /quotes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
    if chunked:
        head += "Transfer-Encoding: chunked\r\n"
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    return (head + "\r\n").encode("ascii")


def chunked(body, size=50_000):
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


# --- gunicorn's own errors --------------------------------------------------------------------
@pytest.mark.parametrize("request_bytes, status", [
    (b"NOT AN HTTP REQUEST\r\n\r\n", 400),
    (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
], ids=["bad-request-line", "uri-too-long", "header-too-large"])
def test_errors_gunicorn_answers_itself_are_json_with_security_headers(server, request_bytes, status):
    assert_json_error_answer(*exchange(server, request_bytes), status)


def test_malformed_chunked_body_is_a_json_400(server):
    answer = exchange(server, post_head(chunked=True) + b"ZZ\r\nabc\r\n0\r\n\r\n")
    assert "chunked" in assert_json_error_answer(*answer, 400)["message"]


def test_chunked_body_over_the_limit_is_a_json_413(server, settings):
    body = json.dumps({"text": "a" * (settings.max_body_bytes + 10)}).encode()
    assert_json_error_answer(*exchange(server, post_head(chunked=True) + chunked(body)), 413)


def test_chunked_body_within_the_limit_is_served(server):
    body = json.dumps({"text": SHORT_ARTICLE}).encode()
    status, _, answer = exchange(server, post_head(chunked=True) + chunked(body, size=7))
    assert status == 200 and json.loads(answer)["quotes"]


def test_body_shorter_than_its_length_gets_408_at_the_read_deadline(server):
    started = time.monotonic()
    answer = exchange(server, post_head(length=100) + b'{"text": ', timeout=30)
    assert_json_error_answer(*answer, 408)
    assert time.monotonic() - started < 3 * READ_TIMEOUT_S + 3


def test_headers_sent_too_slowly_get_408(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        started = time.monotonic()
        answer = b""
        try:
            for byte in b"GET /health HTTP/1.1\r\nHost: x\r\n":
                sock.sendall(bytes([byte]))
                time.sleep(0.2)
        except OSError:         # the server has answered and closed
            pass
        while chunk := sock.recv(65536):
            answer += chunk
    assert_json_error_answer(*parse_answer(answer), 408)
    assert time.monotonic() - started < READ_TIMEOUT_S + 3


# --- slow clients -------------------------------------------------------------------------------
def health_latencies(server, probes=10):
    """Seconds each of `probes` GET /health took (every one answered 200)."""
    latencies = []
    for _ in range(probes):
        started = time.monotonic()
        assert requests.get(server.url + "/health", timeout=5).status_code == 200
        latencies.append(time.monotonic() - started)
        time.sleep(0.05)
    return latencies


def test_slow_clients_do_not_starve_the_others(server):
    """20 connections trickle their headers a byte at a time (each stopped by the read deadline);
    meanwhile /health answers fast and a quote request is served."""
    stop = threading.Event()
    opened = []

    def trickle():
        try:
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        except OSError:
            return
        opened.append(sock)
        for byte in b"POST /quotes HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n":
            if stop.is_set():
                break
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.1)

    clients = [threading.Thread(target=trickle) for _ in range(20)]
    for client in clients:
        client.start()
    try:
        time.sleep(0.3)
        latencies = health_latencies(server)
        response = requests.post(server.url + "/quotes", json={"text": SHORT_ARTICLE}, timeout=30)
        assert response.status_code == 200
        assert sorted(latencies)[len(latencies) // 2] < 0.2, latencies
        assert max(latencies) < 1.0, latencies
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=10)
        for sock in opened:
            sock.close()


def trickle_chunked(server, first, rest, answers, stop, pause=0.25):
    """A chunked POST: its head and `first` at once, then `rest` a byte every `pause` seconds until
    the server answers; the answer goes to `answers` (None when none came)."""
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(post_head(chunked=True) + first)
            for byte in rest:
                if stop.is_set() or select.select([sock], [], [], pause)[0]:
                    break
                try:
                    sock.sendall(bytes([byte]))
                except OSError:     # the server has answered and closed
                    break
            answer = read_all(sock)
        answers.append(parse_answer(answer) if answer else None)
    except OSError as exc:
        answers.append(exc)


def test_slow_chunked_bodies_hold_no_thread(server):
    """24 chunked bodies trickled a few bytes a second (20 with, early in a chunk's data, bytes that
    look like the last chunk), more than the worker's threads: meanwhile /health answers fast, a
    quote request is served, and a chunked body sent in pieces over a second is served; each slow
    one gets a JSON 408 at its read deadline."""
    looks_ended = b"\r\n0\r\n\r\n"
    body = b'{"text": "' + b"a" * 200 + b'"}'
    fake = b"%x\r\n%s%s\r\n" % (len(looks_ended) + len(body), looks_ended, body)
    plain = chunked(body, size=40)
    stop, answers = threading.Event(), []
    seen = fake.index(looks_ended) + len(looks_ended)
    clients = [threading.Thread(target=trickle_chunked, args=(server, fake[:seen], fake[seen:], answers, stop))
               for _ in range(20)]
    clients += [threading.Thread(target=trickle_chunked, args=(server, plain[:5], plain[5:], answers, stop))
                for _ in range(4)]
    for client in clients:
        client.start()
    try:
        time.sleep(0.5)
        latencies = health_latencies(server)
        assert requests.post(server.url + "/quotes", json={"text": SHORT_ARTICLE}, timeout=30).status_code == 200
        framed = chunked(json.dumps({"text": SHORT_ARTICLE}).encode(), size=9)
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(post_head(chunked=True))
            for i in range(0, len(framed), 20):
                time.sleep(0.1)
                sock.sendall(framed[i:i + 20])
            status, _, answer = parse_answer(read_all(sock))
        assert status == 200 and json.loads(answer)["quotes"], answer[:300]
        assert sorted(latencies)[len(latencies) // 2] < 0.2, latencies
        assert max(latencies) < 1.0, latencies
        for client in clients:
            client.join(timeout=4 * READ_TIMEOUT_S + 10)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=10)
    assert len(answers) == 24, answers
    for answer in answers:
        assert isinstance(answer, tuple), answer
        assert_json_error_answer(*answer, 408)


@pytest.mark.parametrize("broken", [b"zz\r\n", b"3\r\nabcXY", b"3;not an extension\r\n"],
                         ids=["size-not-hex", "no-line-end-after-data", "bad-extension"])
def test_a_broken_chunk_is_refused_at_once_not_at_the_deadline(server, broken):
    """The front follows the chunked framing as it comes: a broken chunk in a body still being sent
    gets its 400 without waiting for the rest (the client holds the connection open)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(post_head(chunked=True) + broken)
        answer = read_all(sock)
    assert "chunked" in assert_json_error_answer(*parse_answer(answer), 400)["message"]


FRAMINGS = [b"5\r\nhello\r\n0\r\n\r\n", b"3;a=b\r\nabc\r\n0\r\nX: y\r\n\r\n", b"3 ;x\r\nabc\r\n0\r\n\r\n",
            b"a\r\n0123456789\r\n0;end\r\nX: y\r\nZ: w\r\n\r\n", b"7\r\n\r\n0\r\n\r\n\r\n0\r\n\r\n",
            b"zz\r\n", b"3\r\nabcXY", b"3; x\r\nabc\r\n", b"3;\r\nabc\r\n", b"\r\n", b"-1\r\n",
            b"5\r\nhello\r\n0\r\nX: y\r\n", b"5\r\nhel", b"f" * 9000]


@pytest.mark.parametrize("body", FRAMINGS)
def test_the_front_reads_chunked_framing_as_gunicorns_parser_does(body):
    """Cut at every byte, the front's reading of a chunked body ends where gunicorn's parser does:
    "done" when the parser reads it whole, "broken" when the parser refuses it, waiting otherwise."""
    from gunicorn.http import errors
    from gunicorn.http.body import ChunkedReader
    from gunicorn.http.unreader import IterUnreader

    from service.api.gunicorn_worker import ChunkScan

    class Request:
        limit_request_field_size, max_buffer_headers, trailers = 8190, 8190 * 32, None

        def parse_headers(self, data, from_trailer=False):
            return []

    class WantsMore(Exception):
        """The parser asks for bytes beyond `body`: a client would still be sending."""

    def sent():
        yield body
        raise WantsMore

    reader = ChunkedReader(Request(), IterUnreader(sent()))
    try:
        while reader.read(65536):
            pass
        expected = "done"
    except (errors.InvalidChunkSize, errors.ChunkMissingTerminator, errors.InvalidChunkExtension):
        expected = "broken"
    except WantsMore:
        expected = "waiting"
    for cut in range(len(body) + 1):
        scan = ChunkScan(0)
        scan.scan(bytearray(body[:cut]))
        scan.scan(bytearray(body))
        assert (scan.state if scan.state in ("done", "broken") else "waiting") == expected, (cut, scan.state)


# --- hostile texts --------------------------------------------------------------------------------
def test_straight_quote_before_a_thousand_guillemet_pairs_is_answered(server):
    text = '"' + "« a » " * 1400         # 8 KB in one paragraph
    response = requests.post(server.url + "/quotes", json={"text": text}, timeout=60)
    if response.status_code == 503:     # its 4,200 tokens take 2 to 4 s to parse; on a crowded machine, longer
        assert "time limit" in response.json()["message"]
        return
    assert response.status_code == 200, response.text[:300]
    assert all(text[q["start"]:q["end"]] == q["text"] for q in response.json()["quotes"])


def test_opening_marks_over_200_kb_get_the_timeout_answer_within_the_limit(server, settings):
    text = '"' + "«" * (settings.max_chars - 1)
    started = time.monotonic()
    body = json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")     # 400 KB
    response = requests.post(server.url + "/quotes", data=body, headers={"Content-Type": "application/json"},
                             timeout=120)
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text[:300]
    assert "time limit" in response.json()["message"] and response.headers["Retry-After"]
    assert elapsed < TIME_LIMIT_S + 5, elapsed
    assert requests.get(server.url + "/health", timeout=5).status_code == 200
    assert "WORKER TIMEOUT" not in server.log()


# --- smaller points --------------------------------------------------------------------------------
def test_redirects_do_not_echo_the_host_header(server):
    response = requests.get(server.url + "/docs//start.js", headers={"Host": "evil.example"},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 308
    assert response.headers["Location"] == "/docs/start.js"


def test_a_line_break_in_the_path_cannot_forge_a_log_line(server):
    requests.get(server.url + "/nowhere%0A2026-01-01 INFO service.access: GET /forged 200", timeout=10)
    time.sleep(0.3)
    assert not any(line.startswith("2026-01-01") for line in server.log().splitlines())
    assert "GET /nowhere\\n2026-01-01" in server.log()


def test_a_lone_surrogate_in_the_id_is_refused(server):
    response = requests.post(server.url + "/quotes", data=b'{"text": "Il a dit oui.", "id": "a\\ud800"}',
                             headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 422
    assert "id" in response.json()["errors"]["json"]


def test_a_body_refused_unread_closes_the_connection_and_the_next_request_is_served(server, settings):
    with requests.Session() as session:
        too_big = b'{"text": "' + b"a" * (settings.max_body_bytes + 10) + b'"}'
        refused = session.post(server.url + "/quotes", data=too_big,
                               headers={"Content-Type": "application/json"}, timeout=30)
        assert refused.status_code == 413 and refused.headers["Connection"] == "close"
        for _ in range(3):
            assert session.post(server.url + "/quotes", json={"text": SHORT_ARTICLE}, timeout=30).status_code == 200
            assert session.post(server.url + "/quotes", data=b"{", headers={"Content-Type": "application/json"},
                                timeout=30).status_code == 400


# --- the engine's turn and the time limit, in process ------------------------------------------------
def test_requests_beyond_those_allowed_to_wait_are_told_to_come_back(pipeline):
    from api_support import assert_json_error, make_app
    from service.api.engine import EXTENSION

    app = make_app()
    app.extensions[EXTENSION].max_waiting = 0
    response = app.test_client().post("/quotes", json={"text": SHORT_ARTICLE})
    assert_json_error(response, 503)
    assert response.headers["Retry-After"] == "1"


def test_the_time_limit_stops_code_that_never_looks_at_it():
    from service.api.time_limit import GRACE_S, time_limit
    from service.quotes.model import ProcessingTimeout

    started = time.monotonic()
    with pytest.raises(ProcessingTimeout):
        with time_limit(started + 0.3):
            while True:
                sum(range(100))
    assert time.monotonic() - started < 0.3 + GRACE_S + 1.0
    with time_limit(time.monotonic() + 0.05):
        pass
    time.sleep(0.8)             # nothing is raised once the block is left
