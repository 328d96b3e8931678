"""The gunicorn worker (service/gunicorn.conf.py): gunicorn's threaded worker, with
a buffering front so that slow clients never hold a thread, read deadlines,
and a drain on SIGTERM.

- Buffering front: a request's bytes are gathered by the worker's event loop,
  as they come, without a thread: a thread is handed the request only once
  its headers are in and, when it declares a length within the body limit,
  its body too.  A chunked body is gathered the same way, its framing
  followed as it comes (ChunkScan): until its last chunk and trailers, or at
  once when a chunk is broken (400 from gunicorn's parser) or the body goes
  over the limit (413).  A client
  sending one byte a second costs a few microseconds of a thread per byte.
- Deadlines: the headers must be in HEAD_TIMEOUT_S after the first byte
  (QUOTES_READ_TIMEOUT; else 408 and the connection is closed); the body
  within as long again, plus the time to send it at BODY_MIN_RATE; what a thread must still
  read itself stops at that deadline (408 from the application).  Writing
  an answer stops after WRITE_TIMEOUT_S.
- Threads: extraction runs one at a time per worker (service/api/engine.py);
  the other threads answer /health, /ready and the light requests meanwhile.
- SIGTERM: /ready answers 503 at once, the worker goes on accepting for
  `drain_seconds` (QUOTES_DRAIN_S), then takes every connection still waiting
  in the listen backlog, serves them and what it holds, and exits (within
  gunicorn's graceful timeout).
- A worker started while others serve (SIGHUP's rolling reload, see
  gunicorn_reload.py, or one replacing a worker that died) loads its models
  before it accepts connections; at first start it accepts at once, so that
  /health answers while the models load.  A worker the rolling reload retires
  stops accepting at once (no drain) and finishes what it holds.
"""
import errno
import re
import selectors
import socket
import threading
import time
from functools import partial

from gunicorn import util
from gunicorn.http.body import CHUNK_EXT_RE
from gunicorn.workers.gthread import _DEFER, TConn, ThreadWorker

from .gunicorn_errors import BodyReadTimeout, json_error
from .gunicorn_reload import board

HEAD_TIMEOUT_S = 10.0               # QUOTES_READ_TIMEOUT; the body gets as long again, plus its size
BODY_MIN_RATE = 64 * 1024          # bytes a second a body may not go below
WRITE_TIMEOUT_S = 30.0
HEAD_MAX_BYTES = 64 * 1024         # a longer head goes to gunicorn's parser, whose limits answer 431/414
READ_SIZE = 64 * 1024
STOP_LINGER_S = 2.0                # a stopping worker waits this long for the request of a connection it took
LINGER_S = 2.0                     # a closing connection drops what the client still sends this long at most
LINGER_MAX_BYTES = 64 * 1024       # and this much
CONTENT_LENGTH = re.compile(rb"\r?\ncontent-length[ \t]*:[ \t]*(\d{1,12})[ \t]*\r?\n", re.IGNORECASE)
CHUNKED = re.compile(rb"\r?\ntransfer-encoding[ \t]*:[^\r\n]*chunked", re.IGNORECASE)
CHUNK_SIZE_LINE_MAX = 8190        # gunicorn's parser refuses a longer chunk-size line
HEX_DIGITS = b"0123456789abcdefABCDEF"
READY = object()


class DeadlineSocket:
    """A client socket whose reads stop at `deadline` (BodyReadTimeout) and whose writes stop after
    WRITE_TIMEOUT_S; everything else is the socket's."""

    def __init__(self, sock):
        self._sock = sock
        self.deadline = None

    def recv(self, size, *flags):
        if self.deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise BodyReadTimeout("the request was not sent in time")
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size, *flags)
        except socket.timeout:
            raise BodyReadTimeout("the request was not sent in time") from None

    def sendall(self, data, *flags):
        if self._sock.gettimeout() != 0.0:
            self._sock.settimeout(WRITE_TIMEOUT_S)
        return self._sock.sendall(data, *flags)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class ChunkScan:
    """How far a chunked body's framing has come in the bytes gathered, by the rules of gunicorn's
    parser (gunicorn.http.body.ChunkedReader): "size" (a chunk-size line), "data", "crlf" (after a
    chunk's data), "trailers" (after the last chunk) and "trailer_lines", then "done"; "broken" as
    soon as the framing cannot be right (the parser then says so from the bytes gathered: 400).
    Resumes where it stopped: each byte is looked at about once however slowly the body comes."""

    def __init__(self, start):
        self.pos = start            # the next byte to look at
        self.left = 0               # bytes of the current chunk's data still to come
        self.state = "size"
        self.received = 0           # bytes of chunk data gathered (the body's size so far)

    def scan(self, data):
        step = getattr(self, "_" + self.state, None)
        while step is not None and step(data):
            step = getattr(self, "_" + self.state, None)

    def _size(self, data):
        end = data.find(b"\r\n", self.pos)
        if end < 0:
            if len(data) - self.pos > CHUNK_SIZE_LINE_MAX:
                self.state = "broken"
            return False
        size = chunk_size(bytes(data[self.pos:end]))
        self.pos = end + 2
        self.state = "broken" if size is None else "trailers" if size == 0 else "data"
        self.left = size or 0
        return size is not None

    def _data(self, data):
        take = min(self.left, len(data) - self.pos)
        self.pos += take
        self.left -= take
        self.received += take
        if self.left:
            return False
        self.state = "crlf"
        return True

    def _crlf(self, data):
        if len(data) - self.pos < 2:
            return False
        if data[self.pos:self.pos + 2] != b"\r\n":
            self.state = "broken"
            return False
        self.pos += 2
        self.state = "size"
        return True

    def _trailers(self, data):
        if len(data) - self.pos < 2:
            return False
        self.state = "done" if data[self.pos:self.pos + 2] == b"\r\n" else "trailer_lines"
        return self.state != "done"

    def _trailer_lines(self, data):
        end = data.find(b"\r\n\r\n", self.pos)
        if end < 0:
            self.pos = max(self.pos, len(data) - 3)     # (no byte is looked at twice but the last three)
            return False
        self.state = "done"
        return False


def chunk_size(line):
    """The size a chunk-size line gives, or None where gunicorn's parser refuses the line."""
    size, *extension = line.split(b";", 1)
    if extension:
        if b"\r" in extension[0]:
            return None
        size = size.rstrip(b" \t")
    if not size or any(byte not in HEX_DIGITS for byte in size):
        return None
    if extension and not CHUNK_EXT_RE.fullmatch(b";" + extension[0]):
        return None
    return int(size, 16)


class Gathering:
    """The bytes of one request gathered so far on a connection, and its deadlines."""

    def __init__(self, first=b"", read_timeout_s=HEAD_TIMEOUT_S):
        self.read_timeout_s = read_timeout_s
        self.data = bytearray(first)
        self.started = time.monotonic() if first else None
        self.head_end = None
        self.need = None            # bytes to gather before a thread takes the request
        self.declared = 0           # the body's Content-Length
        self.chunks = None          # a chunked body's ChunkScan

    @property
    def chunked(self):
        return self.chunks is not None

    def add(self, data):
        if self.started is None:
            self.started = time.monotonic()
        self.data += data

    @property
    def head_deadline(self):
        return self.started + self.read_timeout_s

    def body_deadline(self):
        declared = self.need - self.head_end if self.need is not None and not self.chunked else 0
        return self.started + 2 * self.read_timeout_s + declared / BODY_MIN_RATE

    def complete(self, max_body):
        """Whether a thread can take the request now (what it needs is gathered, or it is refused)."""
        if self.head_end is None:
            end = self.data.find(b"\r\n\r\n")
            if end < 0:
                return len(self.data) >= HEAD_MAX_BYTES
            self.head_end = end + 4
            head = bytes(self.data[:self.head_end])
            self.chunks = ChunkScan(self.head_end) if CHUNKED.search(head) is not None else None
            length = CONTENT_LENGTH.search(head)
            self.declared = int(length.group(1)) if length and not self.chunked else 0
            # a body over the limit is refused unread: the thread takes the request at once
            self.need = self.head_end + (self.declared if self.declared <= max_body else 0)
        if self.chunked:
            self.chunks.scan(self.data)
            return self.chunks.state in ("done", "broken") or self.chunks.received > max_body or \
                len(self.data) >= read_cap(max_body)
        return len(self.data) >= self.need

    def whole(self):
        """Whether the request's body is gathered whole (else the connection closes after the answer)."""
        if self.head_end is None:
            return False
        if self.chunked:
            return self.chunks.state == "done"
        return len(self.data) >= self.need and self.declared <= self.need - self.head_end


def read_cap(max_body):
    """The most bytes gathered for one request: its head, its body and a chunked body's framing."""
    return HEAD_MAX_BYTES + max_body + READ_SIZE


class Conn(TConn):
    """gunicorn's connection, whose graceful close (after an answer that ends the connection) is done
    by the worker's event loop without blocking it (Worker.linger)."""

    def __init__(self, worker, *args):
        super().__init__(*args)
        self.worker = worker
        self.gathering = None

    def close(self, graceful=False):
        if graceful:
            self.worker.linger(self)
        else:
            super().close()


class Lingering:
    """A connection closing: its socket, when it is closed at the latest, the bytes dropped."""

    __slots__ = ("sock", "until", "drained")

    def __init__(self, sock, until):
        self.sock = sock
        self.until = until
        self.drained = 0


class Worker(ThreadWorker):
    """gunicorn's gthread worker with a buffering front, read deadlines and a drain (module doc)."""

    drain_seconds = 0.0
    read_timeout_s = HEAD_TIMEOUT_S
    wait_for_models = False

    max_body = 1_000_000
    stopping_at = None
    retired = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lingering = []

    # --- accepting ----------------------------------------------------------------------------
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return False
        self.nr_conns += 1
        client_sock.setblocking(True)
        conn = Conn(self, self.cfg, DeadlineSocket(client_sock), client_addr, listener.getsockname())
        self.enqueue_req(conn)
        return True

    def set_accept_enabled(self, enabled):
        if not enabled and not self.alive and self._accepting and not self.retired:
            self._take_backlog()
        super().set_accept_enabled(enabled)

    def _take_backlog(self):
        """Every connection waiting in the listen backlog, taken before the worker stops accepting."""
        for listener in self.sockets:
            listener.setblocking(False)
            while self.accept(listener):
                pass

    # --- reading --------------------------------------------------------------------------------
    def handle(self, conn):
        outcome = self._gather(conn)
        if outcome is not READY:
            return outcome
        return super().handle(conn)

    def _gather(self, conn):
        """READY when a thread can take the request; _DEFER to wait for more bytes without a thread;
        False when the connection is done with (closed, or answered 408).  A stopping worker has no
        event loop to come back to: its thread waits for the bytes itself, up to the read deadline."""
        while True:
            outcome = self._gather_available(conn)
            if outcome is not _DEFER or self.alive:
                return outcome
            gathering = conn.gathering
            if gathering.started is None:
                limit = time.monotonic() + STOP_LINGER_S
            else:
                limit = gathering.body_deadline() if gathering.head_end else gathering.head_deadline
            remaining = limit - time.monotonic()
            conn.data_ready = False
            if remaining <= 0 or not conn.wait_for_data(remaining):
                if gathering.data:
                    self._refuse(conn, 408, "the request was not sent in time")
                return False

    def _gather_available(self, conn):
        if conn.is_http2:
            return READY
        gathering = getattr(conn, "gathering", None)
        if gathering is None:
            buffered = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
            gathering = conn.gathering = Gathering(buffered, self.read_timeout_s)
        raw = conn.sock._sock if isinstance(conn.sock, DeadlineSocket) else conn.sock
        closed = self._read_what_is_there(raw, gathering)
        if closed is None:
            return False
        if not gathering.data:
            return False if closed else _DEFER
        now = time.monotonic()
        complete = closed or gathering.complete(self.max_body)
        if not complete and gathering.head_end is None and now > gathering.head_deadline:
            self._refuse(conn, 408, "the request headers were not sent in time")
            return False
        if not complete and now <= (gathering.body_deadline() if gathering.head_end else gathering.head_deadline):
            return _DEFER
        self._hand_to_a_thread(conn, gathering)
        return READY

    def _read_what_is_there(self, raw, gathering):
        """Read what the socket holds without waiting: whether the client closed it, None on an error."""
        try:
            while len(gathering.data) < read_cap(self.max_body):
                data = raw.recv(READ_SIZE, socket.MSG_DONTWAIT)
                if not data:
                    return True
                gathering.add(data)
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return None
        return False

    def _hand_to_a_thread(self, conn, gathering):
        """What is gathered goes to gunicorn's parser, the rest is read by the thread to the deadline."""
        conn.gathering = None
        # a body not gathered whole may be left unread (413): the connection is closed after the answer,
        # which says so, rather than kept for a next request that would find it gone
        conn.close_after = not gathering.whole()
        conn.init()
        conn.parser.unreader.unread(bytes(gathering.data))
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.deadline = gathering.body_deadline() if gathering.head_end else gathering.head_deadline

    def finish_request(self, conn, fs):
        super().finish_request(conn, fs)
        gathering = getattr(conn, "gathering", None)
        if gathering is not None and gathering.started is not None and conn in self.pending_conns:
            # a request under way waits for its own deadline, not the keep-alive time
            conn.timeout = gathering.body_deadline() if gathering.head_end else gathering.head_deadline

    def murder_pending(self):
        """Close the connections waiting past their time; one in the middle of a request gets 408."""
        now = time.monotonic()
        for conn in [c for c in self.pending_conns if c.timeout <= now]:
            self.pending_conns.remove(conn)
            try:
                self.poller.unregister(conn.sock)
            except (OSError, KeyError, ValueError):
                pass
            gathering = getattr(conn, "gathering", None)
            refused = gathering is not None and bool(gathering.data)
            if refused:
                self._refuse(conn, 408, "the request was not sent in time")
            self.nr_conns -= 1
            conn.close(graceful=refused)
        self._murder_lingering()

    # --- closing --------------------------------------------------------------------------------
    def linger(self, conn):
        """Close a connection after its last answer as RFC 9112 section 9.6 asks (gunicorn's
        close_graceful), without blocking the event loop: the answer is followed by a FIN, then what
        the client still sends is read and dropped by the loop until it closes, LINGER_S passes or
        LINGER_MAX_BYTES have come, and only then is the socket closed (closed with bytes unread, it
        would be reset, and the client could lose the answer)."""
        raw = conn.sock._sock if isinstance(conn.sock, DeadlineSocket) else conn.sock
        entry = Lingering(raw, time.monotonic() + LINGER_S)
        try:
            raw.shutdown(socket.SHUT_WR)
            raw.setblocking(False)
            self.poller.register(raw, selectors.EVENT_READ, partial(self._drain_lingering, entry))
        except (OSError, ValueError, KeyError, RuntimeError):     # the client is gone, or the loop is
            util.close(raw)
            return
        self.lingering.append(entry)
        self.nr_conns += 1              # a stopping worker waits for it too

    def _drain_lingering(self, entry, raw):
        try:
            data = raw.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        entry.drained += len(data)
        if not data or entry.drained > LINGER_MAX_BYTES:
            self._end_lingering(entry)

    def _murder_lingering(self):
        now = time.monotonic()
        for entry in [e for e in self.lingering if e.until <= now]:
            self._end_lingering(entry)

    def _end_lingering(self, entry):
        self.lingering.remove(entry)
        try:
            self.poller.unregister(entry.sock)
        except (OSError, KeyError, ValueError):
            pass
        util.close(entry.sock)
        self.nr_conns -= 1

    def _refuse(self, conn, status, message):
        try:
            conn.sock.setblocking(True)
            conn.sock.settimeout(1.0)
            (conn.sock._sock if isinstance(conn.sock, DeadlineSocket) else conn.sock).sendall(
                json_error(status, message=message))
        except OSError:
            pass
        self.log.info("%s from %s: %s", status, conn.client[0] if conn.client else "?", message)

    def handle_request(self, req, conn):
        if getattr(conn, "close_after", False):
            req.force_close()
        return super().handle_request(req, conn)

    def _keepalive_after(self, conn, keepalive):
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.deadline = None   # the body left unread is drained under gunicorn's own deadline
        return super()._keepalive_after(conn, keepalive)

    # --- stopping -------------------------------------------------------------------------------
    def handle_exit(self, sig, frame):
        """SIGTERM: accepting stops at once, or with a drain time, /ready says 503 at once and
        accepting goes on for drain_seconds.  A worker the master retires in a rolling reload stops
        accepting at once and leaves the listen backlog to the workers that go on."""
        if self.stopping_at is not None:
            return
        self.stopping_at = time.monotonic()
        self.retired = board.retiring(self.age)
        if self.retired or self.drain_seconds <= 0:
            self._stop_accepting()
        else:
            engine = _engine_of(self.wsgi)
            if engine is not None:
                engine.draining = True
            timer = threading.Timer(self.drain_seconds, self._stop_accepting)
            timer.daemon = True
            timer.start()

    def _stop_accepting(self):
        self.alive = False
        try:
            self.method_queue.defer(lambda: None)     # wake the event loop
        except Exception:   # the loop is not running (yet, or any more)
            pass

    # --- starting -------------------------------------------------------------------------------
    def run(self):
        """Serve; a worker started beside others that serve (a rolling reload, a worker replaced)
        accepts only once its models are in, so that it never answers 503 while they serve (a failed
        loading is tried again meanwhile; in a reload, the master stops it)."""
        engine = _engine_of(self.wsgi)
        if engine is not None:
            self.max_body = engine.settings.max_body_bytes
        if self.wait_for_models:
            while self.alive and engine is not None and engine.not_ready_reason() is not None:
                self.notify()
                time.sleep(0.1)
            if not self.alive:      # stopped while loading: it never accepted, nothing to finish
                return
        super().run()


def _engine_of(app):
    from .engine import EXTENSION

    extensions = getattr(app, "extensions", None)
    return extensions.get(EXTENSION) if extensions is not None else None

