#!/usr/bin/env python3
"""Measure `brochure serve`: save-to-served latency and memory over many saves.

Starts `brochure serve SITE --port 0`, then saves one project file the way editors do
(a temporary file renamed over the original) with a new title each time, and polls the
project's page until the new title is served.

  latency  time from the rename to the first response carrying the new title, minus the
           watcher's 200 ms debounce; printed with the server's own "N ms" rebuild line
  memory   the server's RSS (from /proc) after the first build and every --every saves

Usage (python3 standard library only; Linux for /proc):
  python3 /work/shared/tools/gen_catalog.py --n 10000 --flavor ours --out /tmp/g10k
  cargo build --release
  python3 bench/serve_latency.py --site /tmp/g10k --samples 20 --saves 1000

The project file is restored at the end.
"""
import argparse
import http.client
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time

DEBOUNCE_MS = 200


def start_server(binary, site):
    server = subprocess.Popen(
        [binary, "serve", site, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in server.stdout], daemon=True).start()
    while True:
        line = lines.get(timeout=600)
        print("server:", line)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return server, lines, int(match.group(1))


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read().decode("utf-8", "replace")
    connection.close()
    return body


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def save(path, original, title):
    text = re.sub(r"^title: .*$", f"title: {title}", original, count=1, flags=re.M)
    temporary = os.path.join(os.path.dirname(path), ".bench-save.tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
    return time.monotonic()


def wait_served(port, url, title, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if title in fetch(port, url):
            return time.monotonic()
        time.sleep(0.002)
    raise SystemExit(f"{title} was not served within {timeout} s")


def rebuild_lines(lines, wait):
    """The server lines printed so far (waiting up to `wait` s for the first one)."""
    found = []
    try:
        found.append(lines.get(timeout=wait))
        while True:
            found.append(lines.get_nowait())
    except queue.Empty:
        return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="/tmp/g10k")
    parser.add_argument("--binary", default=os.environ.get("BROCHURE", "target/release/brochure"))
    parser.add_argument("--project", help="project file name under content/projects (default: the 500th)")
    parser.add_argument("--samples", type=int, default=20, help="latency samples")
    parser.add_argument("--saves", type=int, default=1000, help="saves for the memory run (0: skip)")
    parser.add_argument("--every", type=int, default=100, help="print RSS every this many saves")
    args = parser.parse_args()

    projects = os.path.join(args.site, "content", "projects")
    name = args.project or sorted(n for n in os.listdir(projects) if n.endswith(".md"))[499]
    path = os.path.join(projects, name)
    url = f"/projects/{name[:-3]}/"
    with open(path, encoding="utf-8") as source:
        original = source.read()

    server, lines, port = start_server(args.binary, args.site)
    try:
        print(f"project {name}; RSS after the first build: {rss_mb(server.pid):.0f} MB")
        beyond = []
        for sample in range(args.samples):
            title = f"延迟测试{sample}-{time.time_ns()}"
            saved = save(path, original, title)
            served = wait_served(port, url, title)
            beyond.append((served - saved) * 1000 - DEBOUNCE_MS)
            printed = rebuild_lines(lines, wait=30)
            print(f"sample {sample}: served {beyond[-1]:.0f} ms beyond the debounce | {' | '.join(printed)}")
        if beyond:
            print(
                f"latency beyond the {DEBOUNCE_MS} ms debounce: median {statistics.median(beyond):.0f} ms, "
                f"min {min(beyond):.0f}, max {max(beyond):.0f} ({len(beyond)} samples)"
            )
        start_rss = rss_mb(server.pid)
        for number in range(1, args.saves + 1):
            title = f"内存测试{number}-{time.time_ns()}"
            save(path, original, title)
            wait_served(port, url, title)
            rebuild_lines(lines, wait=30)
            if number % args.every == 0:
                print(f"after {number} saves: RSS {rss_mb(server.pid):.0f} MB (before the run: {start_rss:.0f} MB)")
    finally:
        with open(path, "w", encoding="utf-8") as out:
            out.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
