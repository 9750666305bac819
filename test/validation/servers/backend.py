#!/usr/bin/python3
"""Stand-in for neutron-metadata-agent + Nova: an eventlet WSGI server on a Unix socket.

Each request holds a green thread for a controlled service time (constant, or exponential
with a given mean, from a seeded generator; or the one the client drew and sent as ?service=S,
so that a trace of the load knows every request's service time, served or not), then answers
200 with a small body and closes the connection (the proxies open a new Unix connection per
request, as Neutron's do).
The agent's accept loop is eventlet's: accept(), then pool.spawn() which blocks while the
pool is full, so connections beyond pool + 1 wait in the socket's backlog.

Usage: backend.py --socket PATH [--pool 100] [--backlog 4096] [--service constant|exponential]
                  [--mean 0.02] [--seed 1] [--max-seconds 900]
"""
import argparse
import os
import random
import socket
import sys
import urllib.parse

import eventlet
import eventlet.wsgi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Tracer, die_with_parent, exit_after, ready  # noqa: E402


class UnixDomainHttpProtocol(eventlet.wsgi.HttpProtocol):
    """As neutron.agent.linux.utils.UnixDomainHttpProtocol: AF_UNIX peers have no address."""

    def __init__(self, *args):
        server = args[-1]
        if len(args) == 2:
            conn_state = list(args[0])
            conn_state[0] = ("<local>", 0)
            args = (conn_state, server)
        eventlet.wsgi.HttpProtocol.__init__(self, *args)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pool", type=int, default=100)
    ap.add_argument("--backlog", type=int, default=4096)
    ap.add_argument("--service", choices=["constant", "exponential"], default="constant")
    ap.add_argument("--mean", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-seconds", type=float, default=900)
    ap.add_argument("--trace", default="", help="on SIGUSR1, write green-thread timings here (calibration)")
    a = ap.parse_args()
    die_with_parent()
    exit_after(a.max_seconds)

    rng = random.Random(a.seed)
    if a.service == "constant":
        draw = lambda: a.mean  # noqa: E731
    else:
        draw = lambda: rng.expovariate(1.0 / a.mean)  # noqa: E731
    counter = [0]
    tracer = Tracer(a.trace) if a.trace else None

    def app(environ, start_response):
        counter[0] += 1
        # A service time the client drew (?service=S, replay traces) replaces the server's draw.
        q = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        t = float(q["service"][0]) if "service" in q else draw()
        if tracer is not None:
            tracer.service(t)
        eventlet.sleep(t)
        body = ("i-%08x\n" % counter[0]).encode()
        # X-Service-Time: the drawn service time, so the harness can separate it from overheads.
        start_response(
            "200 OK",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(body))), ("X-Service-Time", "%.6f" % t)],
        )
        return [body]

    if os.path.exists(a.socket):
        os.unlink(a.socket)
    sock = eventlet.listen(a.socket, family=socket.AF_UNIX, backlog=a.backlog)
    pool = eventlet.GreenPool(a.pool)
    if tracer is not None:
        tracer.wrap_pool(pool)
        tracer.install()
    ready("READY %s" % a.socket)
    eventlet.wsgi.server(
        sock,
        app,
        custom_pool=pool,
        protocol=UnixDomainHttpProtocol,
        keepalive=False,
        log_output=False,
        debug=False,
    )


if __name__ == "__main__":
    main()
