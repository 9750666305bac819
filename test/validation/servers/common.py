"""Shared helpers for the validation testbed servers (run with Debian's /usr/bin/python3).

Safety: every server dies with its parent (PR_SET_PDEATHSIG) and after --max-seconds, so a
crashed test run cannot leave servers behind. Servers listen on loopback or Unix sockets only.
"""
import ctypes
import json
import os
import signal
import sys
import time

import greenlet

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """Ask the kernel to SIGKILL this process when the process that started it exits."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    # The parent may already have gone between fork and prctl.
    if os.getppid() == 1:
        os._exit(1)


def exit_after(seconds):
    """Hard lifetime limit, enforced by the kernel (SIGALRM's default action ends the process)."""
    if seconds > 0:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(int(seconds))


def ready(message):
    """Tells the harness the server is listening (one line on stdout)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def check_loopback(host):
    if host not in ("127.0.0.1", "localhost"):
        sys.stderr.write("refusing to listen on %s: loopback only\n" % host)
        sys.exit(2)


class Tracer:
    """Green-thread occupancy for the calibration: for every green thread of a pool, when it
    started and ended and how much backend service time its requests drew. SIGUSR1 writes what
    was recorded to `path` (atomically, by rename) and starts afresh."""

    def __init__(self, path, clock=time.monotonic):
        self.path = path
        self.clock = clock
        self.threads = []
        self.current = {}

    def wrap_pool(self, pool):
        spawn = pool.spawn
        clock = self.clock

        def traced_spawn(fn, *args, **kw):
            def run(*args, **kw):
                g = greenlet.getcurrent()
                t0 = clock()
                self.current[g] = [0.0, 0]
                try:
                    return fn(*args, **kw)
                finally:
                    service, n = self.current.pop(g, (0.0, 0))
                    self.threads.append((t0, clock(), service, n))

            return spawn(run, *args, **kw)

        pool.spawn = traced_spawn

    def service(self, seconds):
        """Called from a request handler: adds the service time its request drew."""
        c = self.current.get(greenlet.getcurrent())
        if c is not None:
            c[0] += seconds
            c[1] += 1

    def install(self):
        signal.signal(signal.SIGUSR1, self.dump)

    def dump(self, *_):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"threads": self.threads, "now": self.clock()}, f)
        os.rename(tmp, self.path)
        self.threads = []


__all__ = ["die_with_parent", "exit_after", "ready", "check_loopback", "Tracer"]
