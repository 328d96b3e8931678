"""Rolling reload on SIGHUP (installed by service/gunicorn.conf.py): the workers
are replaced one at a time, each new one serving before an old one stops.

gunicorn's own reload starts every new worker at once and holds its master
until the old ones have exited: each new worker loads the Stanza models
(seconds of CPU), so on a small machine everything stalls meanwhile.  Here the
master's reload only reads the configuration again; its loop then drives a
small state machine (`Rolling.step`, from manage_workers, every STEP_S while a
reload is under way):

1. start one new worker; it loads its models before it accepts connections;
2. once it serves (its byte on the `board` says so), stop one old worker
   gracefully: it stops accepting at once and finishes the requests it holds;
3. start the next new worker, and so on until no old worker is left; then
   wait for the retired ones to exit.

A new worker that cannot load its models (a speaker list that does not read,
say), dies, or is not serving after READY_WAIT_S stops the reload: it is
stopped, and the workers in place go on serving.  A configuration file that
does not read leaves the master and its workers as they were (gunicorn's
reload would exit).  A SIGHUP during a reload
starts it again from the workers then running.  Nothing in the master waits:
SIGTERM, SIGTTIN and the others are handled as usual throughout.

The `board` is one byte per worker, by its spawn number, in memory shared
between the master and the workers it forks (made when this module is first
imported, in the master): the worker's state (LOADING, SERVING, FAILED), and
whether the master is retiring it (a retired worker stops without the SIGTERM
drain, since the others go on serving).
"""
import mmap
import os
import signal
import time

import gunicorn.arbiter
from gunicorn import sock, util

LOADING, SERVING, FAILED = 0, 1, 2
READY_WAIT_S = 180.0        # a new worker not serving after this long stops the reload
STEP_S = 0.2                # how often the master looks at the reload's progress


class Board:
    """Each worker's state and retirement, one byte each by spawn number, shared across fork."""

    SLOTS = 4096

    def __init__(self):
        self._state = mmap.mmap(-1, self.SLOTS)
        self._retiring = mmap.mmap(-1, self.SLOTS)

    def reset(self, age):
        self._state[age % self.SLOTS] = LOADING
        self._retiring[age % self.SLOTS] = 0

    def mark(self, age, state):
        self._state[age % self.SLOTS] = state

    def state(self, age):
        return self._state[age % self.SLOTS]

    def retire(self, age):
        self._retiring[age % self.SLOTS] = 1

    def retiring(self, age):
        return self._retiring[age % self.SLOTS] == 1


board = Board()


class Rolling:
    """One reload under way: the old workers still to replace, the new one loading, the retired ones
    not yet exited."""

    def __init__(self, arbiter, old_pids):
        self.started = time.monotonic()
        self.old = sorted(old_pids, key=lambda pid: arbiter.WORKERS[pid].age)
        self.incoming = None            # pid of the new worker loading its models
        self.incoming_since = None
        self.retired = set()
        self.replaced = 0
        self.stopped = False

    def step(self, arbiter):
        """Move the reload on; True once it is over (done, or stopped) and the workers it retired have
        exited (until then gunicorn's manage_workers would count them and stop others)."""
        workers = arbiter.WORKERS
        self.old = [pid for pid in self.old if pid in workers]
        self.retired &= set(workers)
        if self.stopped:
            return not self.retired
        if self.incoming is not None:
            problem = self._incoming_problem(arbiter)
            if problem == "loading":
                return False
            if problem is not None:
                self.stop(arbiter, problem)
                return not self.retired
            self.replaced += 1
            arbiter.log.info("Reload: worker %s serves (%.1f s after it started)", self.incoming,
                             time.monotonic() - self.incoming_since)
            self.incoming = None
            if self.old:
                self._retire(arbiter, self.old.pop(0))
        if self.old:
            self._next(arbiter)
            return False
        if self.retired:
            return False
        self.stopped = True
        arbiter.log.info("Reload done in %.1f s: %d workers replaced one at a time",
                         time.monotonic() - self.started, self.replaced)
        return True

    def _next(self, arbiter):
        """A new worker, or, when there are already as many new ones as wanted, one old one less."""
        new = [pid for pid in arbiter.WORKERS if pid not in self.old and pid not in self.retired]
        if len(new) >= arbiter.num_workers:
            self._retire(arbiter, self.old.pop(0))
            return
        self.incoming = arbiter.spawn_worker()
        self.incoming_since = time.monotonic()

    def _incoming_problem(self, arbiter):
        """None when the new worker serves, "loading" while it loads, else why the reload stops."""
        worker = arbiter.WORKERS.get(self.incoming)
        if worker is None:
            return f"the new worker {self.incoming} exited before serving"
        state = board.state(worker.age)
        if state == SERVING:
            return None
        if state == FAILED:
            return f"the new worker {self.incoming} could not load its models (its log says why)"
        if time.monotonic() - self.incoming_since > READY_WAIT_S:
            return f"the new worker {self.incoming} was not serving after {READY_WAIT_S:.0f} s"
        return "loading"

    def _retire(self, arbiter, pid):
        worker = arbiter.WORKERS.get(pid)
        if worker is None:
            return
        board.retire(worker.age)
        arbiter.kill_worker(pid, signal.SIGTERM)
        self.retired.add(pid)

    def stop(self, arbiter, reason, log_level="error"):
        """Give up: the new worker loading is stopped, the workers in place go on."""
        self.stopped = True
        if self.incoming is not None:
            self._retire(arbiter, self.incoming)
            self.incoming = None
        getattr(arbiter.log, log_level)("Reload stopped: %s; the %d workers in place go on serving", reason,
                                        len([pid for pid in arbiter.WORKERS if pid not in self.retired]))


def reload(arbiter):
    """SIGHUP: gunicorn's reload (configuration read again, logs reopened, listeners changed if the
    address did, on_reload, pidfile), without its spawning and waiting: the workers are then replaced
    one at a time by the master's loop."""
    if hasattr(arbiter, "_stats"):
        arbiter._stats["reloads"] += 1
    previous = getattr(arbiter, "rolling", None)
    if previous is not None:
        previous.stop(arbiter, "a new SIGHUP came, the reload starts again", "info")
    old_address, old_cfg = arbiter.cfg.address, arbiter.app.cfg
    _restore_environment(arbiter.cfg)
    try:
        arbiter.app.reload()
    except SystemExit:      # gunicorn exits when the configuration does not read: the master stays
        arbiter.app.cfg = old_cfg
        _set_environment(old_cfg)
        arbiter.log.error("Reload refused: the configuration does not read (above); the workers in "
                          "place go on serving")
        return
    arbiter.setup(arbiter.app)
    arbiter.log.reopen_files()
    if old_address != arbiter.cfg.address:
        for listener in arbiter.LISTENERS:
            listener.close()
        arbiter.LISTENERS = sock.create_sockets(arbiter.cfg, arbiter.log)
        arbiter.log.info("Listening at: %s", ",".join(str(lnr) for lnr in arbiter.LISTENERS))
    arbiter.cfg.on_reload(arbiter)
    if arbiter.pidfile is not None:
        arbiter.pidfile.unlink()
    if arbiter.cfg.pidfile is not None:
        arbiter.pidfile = gunicorn.arbiter.Pidfile(arbiter.cfg.pidfile)
        arbiter.pidfile.create(arbiter.pid)
    util._setproctitle("master [%s]" % arbiter.proc_name)
    retired = previous.retired if previous is not None else set()
    arbiter.rolling = Rolling(arbiter, [pid for pid in arbiter.WORKERS if pid not in retired])
    arbiter.rolling.retired |= {pid for pid in retired if pid in arbiter.WORKERS}
    arbiter.log.info("Reload: replacing %d workers one at a time", len(arbiter.rolling.old))


def _restore_environment(cfg):
    """The environment as it was before gunicorn set the `raw_env` variables (they are set again)."""
    for key in cfg.env:
        if key in cfg.env_orig:
            os.environ[key] = cfg.env_orig[key]
        else:
            os.environ.pop(key, None)


def _set_environment(cfg):
    """The `raw_env` variables set again (gunicorn's setup does so)."""
    for key, value in cfg.env.items():
        os.environ[key] = value


def install(arbiter_class=gunicorn.arbiter.Arbiter):
    """Replace the Arbiter's reload, and drive the reload from manage_workers (once per master: the
    configuration file that calls this is read again on each SIGHUP)."""
    if getattr(arbiter_class, "rolling_reload_installed", False):
        return
    manage_workers = arbiter_class.manage_workers
    wait_for_signals = arbiter_class.wait_for_signals

    def managed(self):
        rolling = getattr(self, "rolling", None)
        if rolling is not None:
            if not rolling.step(self):
                return
            self.rolling = None
        manage_workers(self)

    def waiting(self, timeout=1.0):
        if getattr(self, "rolling", None) is not None:
            timeout = min(timeout, STEP_S)
        return wait_for_signals(self, timeout)

    arbiter_class.rolling = None
    arbiter_class.reload = reload
    arbiter_class.manage_workers = managed
    arbiter_class.wait_for_signals = waiting
    arbiter_class.rolling_reload_installed = True


def others_serving(arbiter):
    """Whether a worker other than the one being forked serves (called in the new worker, whose copy
    of the master's table does not hold itself): then it loads its models before it accepts."""
    return any(board.state(w.age) == SERVING and not board.retiring(w.age) for w in arbiter.WORKERS.values())


def watch_loading(worker, engine, poll_s=0.1):
    """In a worker: its state on the board once its first loading is over (SERVING or FAILED), and
    SERVING if a later attempt loads them."""
    while not engine.settled:
        time.sleep(poll_s)
    while engine.not_ready_reason() is not None:
        board.mark(worker.age, FAILED)
        time.sleep(1.0)
        while not engine.settled:
            time.sleep(poll_s)
    board.mark(worker.age, SERVING)
