#!/usr/bin/env python3
"""Remote inputs: what fetching over HTTPS costs against reading the same files locally.

    python3 bench/remote.py BUILD_DIR [--models 500] [--runs 3]

Serves a generated deployment (bench/gen_deployment.py: a manifest and one provenance file
per model, weights replaced by `availability: api`, since a remote manifest cannot name local
weights) and a large JSON report over HTTPS on 127.0.0.1, from a Python server with a
throwaway CA made by openssl, and times, median of --runs:

  audit, local manifest          the peer: the same files read from disk
  audit, remote manifest         every file fetched (--allow-unpinned) over one kept-alive
                                 connection (libcurl's connection cache, one handle a thread)
  ... a connection per file      the same from a server that closes each connection
  diff, local reports            the peer: `diff R R` of a report of --models models
  diff, pinned URLs, cold cache  both fetched (one download: the same pinned URL twice)
  diff, pinned URLs, cached      nothing fetched: the server must see no request
  audit, remote, 20 ms a file    the remote manifest again from a server that waits 20 ms
                                 before each answer, as a distant one would: fetched one at a
                                 time this takes files x 20 ms; in parallel, a fraction of it

Prints a Markdown table with each row's ratio to its local peer, the requests the server
answered in each row, and the most requests it was answering at one moment (in flight: 1 means
the client fetched one file at a time).
"""

import argparse
import hashlib
import http.server
import os
import re
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

AS_OF = "2026-11-21"
HERE = Path(__file__).resolve().parent


def make_pki(d: Path) -> None:
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    (d / "ext").write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True)
    run("req", "-x509", *ec, "-keyout", d / "ca.key", "-out", d / "ca.pem", "-days", "1",
        "-subj", "/CN=bench CA", "-addext", "basicConstraints=critical,CA:TRUE")
    run("req", *ec, "-keyout", d / "srv.key", "-out", d / "srv.csr", "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", d / "srv.csr", "-CA", d / "ca.pem", "-CAkey", d / "ca.key",
        "-CAcreateserial", "-out", d / "srv.pem", "-days", "1", "-extfile", d / "ext")


class Server:
    def __init__(self, root: Path, pki: Path, keep_alive: bool = True, delay_s: float = 0.0):
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        lock = threading.Lock()
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            # HTTP/1.1 keeps connections open, as a real server; 1.0 closes each one.
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def __init__(self, *a, **k):
                super().__init__(*a, directory=str(root), **k)

            def setup(self):
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self):
                with lock:
                    outer.requests += 1
                    outer.in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer.in_flight)
                try:
                    if delay_s:
                        time.sleep(delay_s)
                    super().do_GET()
                finally:
                    with lock:
                        outer.in_flight -= 1

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pki / "srv.pem", pki / "srv.key")
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}/{path}"


def timed(cmd, env):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"remote.py: {' '.join(map(str, cmd))} exited {p.returncode}:\n{p.stderr}")
    return wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--models", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sovaudit = (args.build_dir / "sovaudit").resolve()
    if not os.access(sovaudit, os.X_OK):
        sys.exit(f"remote.py: {sovaudit} not found; build it first")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pki = tmp / "pki"
        pki.mkdir()
        make_pki(pki)
        site = tmp / "site"
        subprocess.run([sys.executable, HERE / "gen_deployment.py", str(args.models),
                        site / "stack"], check=True, capture_output=True)
        manifest = site / "stack" / "deployment.yaml"
        manifest.write_text(re.sub(r"    weights:\n(      .*\n)+", "    weights: {availability: api}\n",
                                   manifest.read_text()))
        report = site / "report.json"
        subprocess.run([sovaudit, "audit", manifest, "--as-of", AS_OF, "--no-verify",
                        "--format", "json", "--output", report], check=True, env=env)
        pin = hashlib.sha256(report.read_bytes()).hexdigest()
        server = Server(site, pki)
        closing = Server(site, pki, keep_alive=False)
        slow = Server(site, pki, delay_s=0.020)
        servers = (server, closing, slow)
        cache = tmp / "cache"
        net = ["--ca-bundle", pki / "ca.pem", "--cache-dir", cache]
        audit = ["--as-of", AS_OF, "--no-verify", "--format", "json", "--output",
                 tmp / "out.json"]
        remote_report = server.url("report.json") + "#sha256=" + pin

        rows = [
            ("audit, local manifest", None, [sovaudit, "audit", manifest, *audit], False),
            ("audit, remote manifest", "audit, local manifest",
             [sovaudit, "audit", server.url("stack/deployment.yaml"), *audit, "--allow-unpinned",
              *net],
             False),
            ("audit, remote manifest, a connection per file", "audit, local manifest",
             [sovaudit, "audit", closing.url("stack/deployment.yaml"), *audit, "--allow-unpinned",
              *net], False),
            ("diff, local reports", None, [sovaudit, "diff", report, report], False),
            ("diff, pinned URLs, cold cache", "diff, local reports",
             [sovaudit, "diff", remote_report, remote_report, *net], True),
            ("diff, pinned URLs, cached", "diff, local reports",
             [sovaudit, "diff", remote_report, remote_report, *net], False),
            ("audit, remote manifest, 20 ms a file", "audit, local manifest",
             [sovaudit, "audit", slow.url("stack/deployment.yaml"), *audit, "--allow-unpinned",
              *net], False),
        ]
        files = args.models + 1
        print(f"sovaudit remote inputs: {args.models} models ({files} files), report "
              f"{report.stat().st_size / 2**20:.1f} MiB, HTTPS on loopback, median of "
              f"{args.runs} runs")
        hdr = ("case", "wall s", "vs local", "requests per run", "most in flight")
        print("| " + " | ".join(hdr) + " |")
        print("|---|---:|---:|---:|---:|")
        walls = {}
        for name, peer, cmd, cold in rows:
            times, reqs = [], []
            for srv in servers:
                srv.max_in_flight = 0
            for _ in range(args.runs):
                if cold:
                    shutil.rmtree(cache, ignore_errors=True)
                before = sum(srv.requests for srv in servers)
                times.append(timed([str(c) for c in cmd], env))
                reqs.append(sum(srv.requests for srv in servers) - before)
            walls[name] = statistics.median(times)
            ratio = f"{walls[name] / walls[peer]:.2f}" if peer else "1.00"
            flight = max(srv.max_in_flight for srv in servers)
            print(f"| {name} | {walls[name]:.3f} | {ratio} | {max(reqs)} | {flight} |", flush=True)
            if name.endswith("cached") and max(reqs) != 0:
                sys.exit("remote.py: a cached pinned input was fetched again")
        for srv in servers:
            srv.httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
