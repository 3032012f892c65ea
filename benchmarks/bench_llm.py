"""LLM-backend throughput against a local scripted server with a fixed latency, one command:

    .venv/bin/python benchmarks/bench_llm.py                 # 200 articles at concurrency 1, 8, 32
    .venv/bin/python benchmarks/bench_llm.py --docs 60 --latency 0.2 --concurrency 1,8,32

A small OpenAI-compatible server (`POST /v1/chat/completions`) runs on
127.0.0.1 in this process: every request waits `--latency` seconds (200 ms by
default), then answers a valid `{"claims": [...]}` with the double-quoted
passages of the article it was sent. Each concurrency runs `python -m
pipeline extract --backend llm --base-url ... --concurrency N --no-cache` on
the same generated corpus of news-length articles (`benchmarks/corpus.py`)
and reports articles/s over the per-document loop (run.json
`ingest+stages`: no interpreter start-up or final merge), the speed-up over concurrency 1 (ideal: N x until
the server or the client is the limit), the most requests the server saw at
once, and requests per article (one per news-length article is expected).

Needs the LLM backend (`pipeline/backends/llm.py`); without it, it says so and exits 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import write_jsonl  # noqa: E402

_ARTICLE = re.compile(r"<article>\n?(.*?)\n?</article>", re.S)
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{8,}?)[\"\u201d]")


class Counter:
    """Requests served and the most in flight at once (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.in_flight = self.max_in_flight = 0

    def reset(self) -> None:
        with self.lock:
            self.requests = self.in_flight = self.max_in_flight = 0

    def enter(self) -> None:
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


def make_server(latency: float, counter: Counter) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            counter.enter()
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                time.sleep(latency)
                user = next((m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "user"), "")
                found = _ARTICLE.search(user)
                article = found.group(1) if found else user
                claims = [
                    {
                        "id": f"c{i}",
                        "speaker": None,
                        "speaker_name": None,
                        "speaker_kind": "unknown",
                        "cue": None,
                        "content": q,
                        "quote_type": "direct",
                        "polarity": "assertion",
                        "denies": [],
                    }
                    for i, q in enumerate(_QUOTED.findall(article)[:50], 1)
                ]
                payload = json.dumps(
                    {
                        "id": "chatcmpl-bench",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", "x"),
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": json.dumps({"claims": claims})},
                            }
                        ],
                        "usage": {
                            "prompt_tokens": len(user) // 4,
                            "completion_tokens": 20 * len(claims),
                            "total_tokens": len(user) // 4 + 20 * len(claims),
                        },
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            finally:
                counter.leave()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server


def main() -> int:
    ap = argparse.ArgumentParser(description="claimex LLM-backend throughput against a scripted local server")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    ap.add_argument("--concurrency", default="1,8,32")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if importlib.util.find_spec("claimex.backends.llm") is None:
        print(
            "The LLM backend (pipeline/backends/llm.py) is not in this tree yet: nothing to measure. "
            "Run this again after the llm branch is merged.",
            file=sys.stderr,
        )
        return 2
    counter = Counter()
    server = make_server(a.latency, counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    work = Path(tempfile.mkdtemp(prefix="claimex-bench-llm-"))
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    try:
        corpus = work / "corpus.jsonl"
        size = write_jsonl(corpus, a.docs, a.seed)
        print(
            f"claimex LLM backend: {a.docs} articles ({size / a.docs / 1000:.1f} KB each), "
            f"scripted server latency {a.latency * 1000:.0f} ms"
        )
        print(
            "| concurrency | wall s | extract-loop s | art/s (loop) | speed-up | ideal | max in flight | requests/article |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        base = None
        for n in [int(x) for x in a.concurrency.split(",")]:
            out = work / f"out-{n}"
            counter.reset()
            cmd = [
                sys.executable,
                "-m",
                "claimex",
                "extract",
                str(corpus),
                "--out",
                str(out),
                "--backend",
                "llm",
                "--base-url",
                base_url,
                "--concurrency",
                str(n),
                "--no-cache",
                "-q",
            ]
            t0 = time.perf_counter()
            res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if res.returncode != 0:
                print(f"run failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr}", file=sys.stderr)
                return 1
            # The per-document loop (ingest..ground, where the requests happen), without interpreter start-up
            # and the final merge, which do not depend on the concurrency.
            loop = json.loads((out / "run.json").read_text())["seconds"]["ingest+stages"]
            rate = a.docs / loop
            base = base or rate
            print(
                f"| {n:>3} | {wall:>6.1f} | {loop:>6.1f} | {rate:>6.1f} | {rate / base:>5.2f}x | {n}x "
                f"| {counter.max_in_flight:>3} | {counter.requests / a.docs:.2f} |",
                flush=True,
            )
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
