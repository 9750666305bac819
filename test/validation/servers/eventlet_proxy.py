#!/usr/bin/python3
"""Stand-in for the eventlet neutron-ns-metadata-proxy (Mitaka..Ocata).

One process, one OS thread, eventlet WSGI with a GreenPool of wsgi_default_pool_size
(custom_pool), wsgi_keep_alive and client_socket_timeout as Neutron passes them, listening on
a TCP port with the given listen backlog (the kernel caps it at somaxconn). Per request it
opens a NEW AF_UNIX connection to the metadata agent's socket, forwards the GET with
X-Forwarded-For and X-Neutron-Router-ID, and relays the response, as neutron's
NetworkMetadataProxyHandler does with httplib2 over UnixDomainHTTPConnection (no timeout).

Usage: eventlet_proxy.py --socket PATH [--host 127.0.0.1] [--port 0] [--pool 100]
                         [--backlog 4096] [--keepalive 1] [--client-socket-timeout 900]
                         [--router-id ID] [--max-seconds 900]
"""
import eventlet

eventlet.monkey_patch()  # neutron's agents run monkey-patched: http.client gets green sockets

import argparse  # noqa: E402
import http.client  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

import eventlet.wsgi  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Tracer, check_loopback, die_with_parent, exit_after, ready  # noqa: E402


class UnixDomainHTTPConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket, as neutron.agent.linux.utils.UnixDomainHTTPConnection."""

    def __init__(self, socket_path):
        http.client.HTTPConnection.__init__(self, "169.254.169.254")
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True, help="metadata agent Unix socket")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--pool", type=int, default=100)
    ap.add_argument("--backlog", type=int, default=4096)
    ap.add_argument("--keepalive", type=int, default=1)
    ap.add_argument("--client-socket-timeout", type=float, default=900)
    ap.add_argument("--router-id", default="00000000-0000-0000-0000-000000000001")
    ap.add_argument("--max-seconds", type=float, default=900)
    ap.add_argument("--trace", default="", help="on SIGUSR1, write green-thread timings here (calibration)")
    a = ap.parse_args()
    check_loopback(a.host)
    die_with_parent()
    exit_after(a.max_seconds)

    tracer = Tracer(a.trace) if a.trace else None

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        headers = {"X-Forwarded-For": environ.get("REMOTE_ADDR", ""), "X-Neutron-Router-ID": a.router_id}
        conn = UnixDomainHTTPConnection(a.socket)
        try:
            conn.request(environ["REQUEST_METHOD"], path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            status = resp.status
            ctype = resp.getheader("Content-Type", "text/plain")
            extra = [("X-Service-Time", resp.getheader("X-Service-Time"))] if resp.getheader("X-Service-Time") else []
        except Exception:  # as neutron: log and answer 500
            body, status, ctype, extra = b"An unknown error has occurred.\n", 500, "text/plain", []
        finally:
            conn.close()
        if tracer is not None and extra:
            tracer.service(float(extra[0][1]))
        reason = {200: "OK", 404: "Not Found", 500: "Internal Server Error"}.get(status, "Unknown")
        # Neutron relays only the Content-Type; the testbed also relays the backend's X-Service-Time.
        start_response(
            "%d %s" % (status, reason), [("Content-Type", ctype), ("Content-Length", str(len(body)))] + extra
        )
        return [body]

    sock = eventlet.listen((a.host, a.port), backlog=a.backlog)
    pool = eventlet.GreenPool(a.pool)
    if tracer is not None:
        tracer.wrap_pool(pool)
        tracer.install()
    ready("READY %d" % sock.getsockname()[1])
    eventlet.wsgi.server(
        sock,
        app,
        custom_pool=pool,
        keepalive=bool(a.keepalive),
        socket_timeout=a.client_socket_timeout if a.client_socket_timeout > 0 else None,
        log_output=False,
        debug=False,
    )


if __name__ == "__main__":
    main()
