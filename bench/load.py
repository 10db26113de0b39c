"""Load: the search and similar-case API under concurrent clients, on loopback, over a large store.

Builds a store of N generated documents through the real ingest (`caishen ingest`; its docs/s and peak RSS are
reported) or reuses one (--store DIR, built before with the same N), starts `caishen serve` on 127.0.0.1, takes a
bearer token, and drives the API for a fixed time in three runs: searches from one client alone (the baseline,
measured in the same run), searches from C clients at once, then C clients on a mix of searches and similar-case
requests by document (one in five). Each client keeps one HTTP connection; searches ask for facets, as the search page
does. The load generator shares the machine's cores with the server.

Prints JSON: per run and endpoint requests, errors, requests/s, p50/p95/p99 ms, and the ratio of the concurrent search
p95 to the single-client one. Target: 0 errors and search p95 < 200 ms at 16 clients on 2 cores.
Usage: python bench/load.py [--docs 100000] [--clients 16] [--seconds 60] [--store DIR]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import DOCS_PER_DISPUTE  # noqa: E402
from bench.search import QUERIES  # noqa: E402
from ingest.sample import generate_corpus  # noqa: E402

CAISHEN = Path(sys.executable).with_name("caishen")
SIMILAR_SHARE = 0.2
MARKER = "load-store.json"


def build_store(store: Path, docs: int) -> dict:
    """The store for `docs` documents: reused when this directory already holds one of that size."""
    marker = store / MARKER
    built = json.loads(marker.read_text()) if marker.exists() else {}
    if built.get("requested_docs") == docs:
        return {**built, "reused": True}
    env = _env(store)
    corpus = store / "corpus"
    started = time.monotonic()
    summary = generate_corpus(corpus, round(docs / DOCS_PER_DISPUTE), seed=5)
    generate_s = time.monotonic() - started
    subprocess.run([str(CAISHEN), "init-db"], env=env, check=True, capture_output=True)
    report = store / "ingest-report.json"
    started = time.monotonic()
    subprocess.run(
        [str(CAISHEN), "ingest", str(corpus), "--report", str(report)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ingest_s = time.monotonic() - started
    done = json.loads(report.read_text())
    built = {
        "requested_docs": docs,
        "documents": done["documents_new"],
        "files": summary.files,
        "generate_s": round(generate_s, 1),
        "ingest_s": round(ingest_s, 1),
        "ingest_docs_per_s": round(done["documents_read"] / ingest_s, 1),
        # ru_maxrss of the children waited for: the ingest process (the largest of them)
        "ingest_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    marker.write_text(json.dumps(built))
    return {**built, "reused": False}


class Server:
    def __init__(self, store: Path):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [str(CAISHEN), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=_env(store),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, _ = request(
                    http.client.HTTPConnection("127.0.0.1", self.port, timeout=5), "GET", "/api/v1/openapi.json"
                )
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("caishen serve did not answer within 120 s")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def token(store: Path, port: int) -> str:
    name, password = f"load-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    subprocess.run(
        [str(CAISHEN), "create-user", name, "--role", "judge", "--institution", "负载测试"],
        env=_env(store),
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    status, body = request(
        http.client.HTTPConnection("127.0.0.1", port),
        "POST",
        "/api/v1/tokens",
        {"username": name, "password": password},
    )
    assert status == 201, body
    return json.loads(body)["token"]


def request(
    conn: http.client.HTTPConnection, method: str, path: str, body: dict | None = None, headers: dict | None = None
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    conn.request(
        method, path, body=data, headers={**(headers or {}), **({"Content-Type": "application/json"} if data else {})}
    )
    response = conn.getresponse()
    return response.status, response.read()


def drive(port: int, auth: str, clients: int, seconds: float, max_doc_id: int, seed: int, similar_share: float) -> dict:
    """`clients` threads, each on its own connection, for `seconds`: latencies and errors per endpoint."""
    results: dict[str, dict[str, list]] = {"search": {"ms": [], "errors": []}, "similar": {"ms": [], "errors": []}}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {auth}"}

    def client(n: int) -> None:
        rng = random.Random(seed + n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            if rng.random() < similar_share:
                endpoint, path = "similar", f"/api/v1/similar?doc_id={rng.randint(1, max_doc_id)}&limit=10"
            else:
                q, filters = rng.choice(QUERIES)
                endpoint, path = "search", "/api/v1/search?" + urlencode({"q": q, "facets": "true", **filters})
            started = time.perf_counter()
            try:
                status, _ = request(conn, "GET", path, headers=headers)
                error = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                status, error = None, type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results[endpoint]["ms"].append(elapsed)
                if error:
                    results[endpoint]["errors"].append(error)
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {endpoint: _summary(r["ms"], r["errors"], wall) for endpoint, r in results.items() if r["ms"]}


def _summary(ms: list[float], errors: list[str], wall: float) -> dict:
    ordered = sorted(ms)

    def pct(q: int) -> float:
        return round(ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))], 1) if ordered else 0.0

    return {
        "requests": len(ms),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "requests_per_s": round(len(ms) / wall, 1),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
    }


def _env(store: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAISHEN_")}
    return {**env, "CAISHEN_DATA_DIR": str(store)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--store", type=Path, help="build the store here, or reuse the one built here before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp)
        store.mkdir(parents=True, exist_ok=True)
        print(f"store: {store} ({args.docs:,} documents) …", file=sys.stderr, flush=True)
        built = build_store(store, args.docs)
        server = Server(store)
        try:
            auth = token(store, server.port)
            print(
                f"driving 1, then {args.clients} clients (search, then mixed), {args.seconds:g} s each …",
                file=sys.stderr,
                flush=True,
            )
            runs = {
                "warm-up": (2, 5, SIMILAR_SHARE),
                "single_client_search": (1, args.seconds, 0.0),
                f"clients_{args.clients}_search": (args.clients, args.seconds, 0.0),
                f"clients_{args.clients}_mixed": (args.clients, args.seconds, SIMILAR_SHARE),
            }
            results = {
                name: drive(server.port, auth, clients, seconds, built["documents"], seed=i, similar_share=share)
                for i, (name, (clients, seconds, share)) in enumerate(runs.items())
            }
            del results["warm-up"]
        finally:
            server.stop()
    search = results[f"clients_{args.clients}_search"]["search"]
    print(
        json.dumps(
            {
                "benchmark": "load",
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "store": built,
                "seconds_per_run": args.seconds,
                "similar_share_in_mixed": SIMILAR_SHARE,
                "runs": results,
                "search_p95_ratio_concurrent_to_single": round(
                    search["p95_ms"] / max(results["single_client_search"]["search"]["p95_ms"], 0.1), 2
                ),
                "target": f"0 errors and search p95 < 200 ms at {args.clients} clients",
                "target_met": search["errors"] == 0 and search["p95_ms"] < 200,
                "errors": sum(r["errors"] for run in results.values() for r in run.values()),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
