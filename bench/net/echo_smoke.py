#!/usr/bin/env python3
"""Smoke test of bench-echo_load (ctest -L bench-smoke): both modes pass
against each echo server given, and the client fails, saying why, against
a server that corrupts one byte, one that closes a connection early, and a
port nobody listens on.

  echo_smoke.py CLIENT SERVER...
"""

import os
import socket
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from run import start_server, stop_server  # noqa: E402  (bench/run.py)


def run(cmd, stdin=None):
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def check_server(client, server, failures):
    env = dict(os.environ, GOGO_MAXPROCS="2", GOMAXPROCS="2")
    proc, port = start_server(server, env)
    if proc is None:
        failures.append(f"{server}: {port}")
        return
    try:
        for cmd, want in (([client, "load", str(port), "200", "50", "64", "2", "30"],
                           "name=echo_load conns=200 msgs=50 size=64 window=2 messages=10000 "),
                          ([client, "load", str(port), "20", "5", "100000", "1", "30"],
                           "messages=100 "),
                          ([client, "idle", str(port), "300", "30"], "name=echo_idle conns=300 ")):
            rc, out, err = run(cmd, stdin="")
            if rc != 0 or want not in out:
                failures.append(f"{os.path.basename(server)}: {' '.join(cmd[1:])}: exit {rc}, "
                                f"stdout {out.strip()!r}, stderr {err.strip()!r}")
    finally:
        stop_server(proc)


class bad_server:
    """An echo server that breaks the stream of its second connection after
    100 bytes: `flip` changes a byte, `close` ends the connection."""

    def __init__(self, fault):
        self.fault = fault
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        for n in range(1_000_000):
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn, n == 1), daemon=True).start()

    def serve(self, conn, broken):
        total = 0
        with conn:
            try:
                while data := conn.recv(4096):
                    total += len(data)
                    if broken and total > 100:
                        if self.fault == "close":
                            return
                        data = bytes([data[0] ^ 0x40]) + data[1:]
                        broken = False
                    conn.sendall(data)
            except OSError:
                pass


def expect_failure(client, port, what, words, failures):
    rc, out, err = run([client, "load", str(port), "5", "20", "64", "1", "10"])
    if rc != 1 or not all(w in err for w in words):
        failures.append(f"{what}: want exit 1 saying {words}, got exit {rc}, "
                        f"stderr {err.strip()!r}")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    client, servers = sys.argv[1], sys.argv[2:]
    failures = []
    for server in servers:
        check_server(client, server, failures)
    for fault, words in (("flip", ["byte", "sent"]),
                         ("close", ["EOF from the server"])):
        server = bad_server(fault)
        expect_failure(client, server.port, f"a server that does {fault}", words, failures)
        server.listener.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        expect_failure(client, s.getsockname()[1], "no server", ["connect", "refused"],
                       failures)
    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
