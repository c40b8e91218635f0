#!/usr/bin/env python3
"""Measures Offload's strategies against the packaged jar and writes the raw results as JSON.

Run through `bench/run`, which installs wrk, builds the jar and selects the JDK. Everything runs on this
machine, on loopback: the server, the load generator (wrk) and the probe share its cores, so the figures
that matter are ratios within one run (strategy against strategy, loaded against idle), not absolutes.

For each blocking strategy it drives the endpoint with wrk at several connection counts, a 200 ms task
per request, and at the same time probes GET /ping (answered on the event loop) over one connection:
the probe's latency says whether the event loops stayed free. It then times the CPU endpoint, its
scaling over parallel requests and over the CPU pool's threads, CPython on the same sum, and the
start-up time and memory of the packaged jar.
"""
import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
LUA = os.path.join(ROOT, "bench", "wrk-report.lua")
TASK_MS = 200

# (key, path, what it is)
STRATEGIES = [
    ("to_thread", "/async-call", "event loop + Uni on the worker pool (asyncio.to_thread)"),
    ("blocking", "/sync-route", "@Blocking endpoint on the worker pool (sync def route)"),
    ("virtual_thread", "/sync-route/virtual", "@RunOnVirtualThread endpoint"),
    ("managed_executor", "/method3", "event loop + ManagedExecutor (run_in_threadpool)"),
    ("anti_pattern", "/anti-pattern/sleep-on-event-loop", "CONTROL: time.sleep inside async def"),
]

# The service under test: a 200 ms task, the anti-pattern switched on for the control run, and the
# admission limits of the worker-pool paths opened to the connection counts, so that the pools behind the
# strategies are compared rather than the 503s of the default limits (64 running + 64 waiting per path),
# which FailingWellTest covers. A rejected wrk connection sends its next request at once, a flood no real
# client honouring Retry-After would make.
SERVER_ENV = {
    "OFFLOAD_SYNC_TASK_DELAY": f"{TASK_MS}ms",
    "OFFLOAD_ANTI_PATTERN_ENABLED": "true",
    **{f"OFFLOAD_LIMITS_{path}_{key}": "1000" for path in ("TO_THREAD", "BLOCKING", "MANAGED_EXECUTOR")
       for key in ("MAX_CONCURRENT", "QUEUE")},
    "QUARKUS_LOG_CATEGORY__IO_VERTX_CORE_IMPL_BLOCKEDTHREADCHECKER__LEVEL": "ERROR",
}


def log(message):
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The packaged jar, started on a free loopback port."""

    def __init__(self, java, extra_env=None, label="main"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, **SERVER_ENV, **(extra_env or {}))
        self.log_path = os.path.join(ROOT, "target", f"bench-server-{label}.log")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [java, f"-Dquarkus.http.port={self.port}", "-Dquarkus.http.host=127.0.0.1", "-jar", JAR],
            env=env, stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        deadline = started + 60
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited while starting; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/ping", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            if time.perf_counter() > deadline:
                self.stop()
                raise SystemExit(f"the server did not answer within 60 s; see {self.log_path}")
            time.sleep(0.005)
        self.startup_ms = (time.perf_counter() - started) * 1000

    def rss_mib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(url, connections, seconds, threads=2, timeout_s=10):
    """Runs wrk and returns the JSON line that wrk-report.lua prints."""
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
               f"--timeout={timeout_s}s", "-s", LUA, url]
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    for line in run.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise SystemExit(f"wrk printed no result for {url}:\n{run.stdout}\n{run.stderr}")


def under_load(server, path, connections, seconds):
    """Drives `path` with wrk while a second wrk probes /ping over one connection."""
    probe = subprocess.Popen(
        ["wrk", "-t1", "-c1", f"-d{seconds}s", "--timeout=10s", "-s", LUA, server.base + "/ping"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    load = wrk(server.base + path, connections, seconds)
    out, err = probe.communicate(timeout=seconds + 60)
    probe_result = next((json.loads(line[len("RESULT "):]) for line in out.splitlines()
                         if line.startswith("RESULT ")), None)
    if probe_result is None:
        raise SystemExit(f"the probe printed no result:\n{out}\n{err}")
    return load, probe_result


LAG = "offload_event_loop_lag_seconds"


def lag_counts(server):
    """From /q/metrics: how many event-loop lag probes have run, and how many ran over 10 ms and 100 ms late."""
    with urllib.request.urlopen(server.base + "/q/metrics", timeout=60) as answer:
        text = answer.read().decode()
    total = 0.0
    buckets = {}
    for line in text.splitlines():
        if line.startswith(LAG + "_count"):
            total += float(line.rsplit(" ", 1)[1])
        elif line.startswith(LAG + "_bucket"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            if le != "+Inf":
                buckets[float(le)] = buckets.get(float(le), 0.0) + float(line.rsplit(" ", 1)[1])

    def over(seconds):
        bound = max(le for le in buckets if le <= seconds)
        return total - buckets[bound]

    return {"probes": total, "over_10ms": over(0.010), "over_100ms": over(0.100)}


def settle(server, limit_s=240):
    """Waits until the event loops answer /ping quickly again (the anti-pattern leaves a backlog)."""
    started = time.perf_counter()
    quick_in_a_row = 0
    while quick_in_a_row < 5 and time.perf_counter() - started < limit_s:
        t = time.perf_counter()
        try:
            urllib.request.urlopen(server.base + "/ping", timeout=30).read()
            quick_in_a_row = quick_in_a_row + 1 if time.perf_counter() - t < 0.02 else 0
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            quick_in_a_row = 0
        time.sleep(0.1)
    return time.perf_counter() - started


def median_ms(url, seconds):
    """The p50 of warm requests sent one after another over one kept-alive connection (wrk, in C)."""
    wrk(url, 1, 2, threads=1)  # warm-up
    return wrk(url, 1, seconds, threads=1)["latency_us"]["p50"] / 1000


def cpython_seconds(n):
    python = "python3"
    code = ("import math, time; t = time.perf_counter(); s = sum(math.isqrt(i) for i in range(%d)); "
            "print(time.perf_counter() - t, s)" % n)
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=600, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    seconds, total = out.split()
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
    return float(seconds), {"result": int(total), "version": version}


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with open("/proc/meminfo") as info:
        mem_kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 1024 / 1024, 1),
            "kernel": platform.release(), "os": platform.platform()}


def versions(java):
    java_version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0].strip()
    with open(os.path.join(ROOT, "pom.xml")) as pom:
        quarkus = next(line.split(">")[1].split("<")[0] for line in pom if "<quarkus.platform.version>" in line)
    return {"java": java_version, "quarkus": quarkus, "wrk": wrk_version, "python": platform.python_version()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", required=True, help="the java binary to run the jar with")
    parser.add_argument("--out", required=True, help="where to write the raw JSON")
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run")
    parser.add_argument("--connections", default="64,256,1000", help="connection counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="a smoke run: short, small, n=10^7 only")
    parser.add_argument("--strategies", default=",".join(key for key, _, _ in STRATEGIES),
                        help="which strategies to drive, comma-separated")
    args = parser.parse_args()
    chosen = args.strategies.split(",")
    connections = [int(c) for c in args.connections.split(",")]
    cores = os.cpu_count()

    results = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "bench/run" + (" --quick" if args.quick else ""),
        "machine": machine(),
        "versions": versions(args.java),
        "task_ms": TASK_MS,
        "seconds_per_run": args.seconds,
        "server_env": SERVER_ENV,
    }

    log("starting the packaged jar")
    server = Server(args.java)
    try:
        results["startup"] = {"first_request_ms": round(server.startup_ms), "rss_mib_idle": server.rss_mib()}
        log(f"first request answered {server.startup_ms:.0f} ms after launch")

        log("idle probe")
        wrk(server.base + "/ping", 1, 2, threads=1)  # warm-up
        results["idle_probe"] = wrk(server.base + "/ping", 1, args.seconds, threads=1)

        results["strategies"] = []
        for key, path, what in (s for s in STRATEGIES if s[0] in chosen):
            for count in connections:
                log(f"{key} at {count} connections")
                warm = wrk(server.base + path, min(count, 64), 2)
                if not warm["statuses"].get("200"):
                    raise SystemExit(f"{path} answered no 200 while warming up: {warm['statuses']}")
                settle(server)
                before = lag_counts(server)
                load, probe = under_load(server, path, count, args.seconds)
                settled = settle(server)
                after = lag_counts(server)
                loop_lag = {key: after[key] - before[key] for key in after}
                results["strategies"].append({"strategy": key, "path": path, "what": what,
                                              "connections": count, "load": load, "probe": probe,
                                              "settle_s": round(settled, 1), "loop_lag": loop_lag,
                                              "ideal_rps": count / (TASK_MS / 1000)})
        results["rss_mib_after_load"] = server.rss_mib()

        log("CPU endpoint")
        cpu = {"pool_threads": cores}
        sizes = [10 ** 7] if args.quick else [10 ** 7, 10 ** 8]
        cpu["all_cores_ms"] = {str(n): median_ms(f"{server.base}/cpu-bound-task?n={n}", max(2, args.seconds // 2))
                               for n in sizes}
        cpu["parallel_requests"] = []
        for parallel in ([1, 2] if args.quick else [1, 2, 4, 8]):
            run = wrk(f"{server.base}/cpu-bound-task?n={10 ** 7}", parallel, max(2, args.seconds // 2))
            cpu["parallel_requests"].append({"requests_in_flight": parallel, "rps": run["rps"],
                                             "p50_ms": run["latency_us"]["p50"] / 1000})
        results["cpu"] = cpu
    finally:
        server.stop()

    log("CPU endpoint with a one-thread CPU pool")
    single = Server(args.java, {"OFFLOAD_CPU_POOL_SIZE": "1"}, label="one-core")
    try:
        results["cpu"]["one_core_ms"] = {n: median_ms(f"{single.base}/cpu-bound-task?n={n}",
                                                      max(2, args.seconds // 2))
                                         for n in results["cpu"]["all_cores_ms"]}
    finally:
        single.stop()

    log("CPython on the same sum")
    seconds, about = cpython_seconds(10 ** 7)
    results["cpython"] = None if seconds is None else {"n": 10 ** 7, "ms": seconds * 1000, **about}

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as out:
        json.dump(results, out, indent=2)
        out.write("\n")
    log(f"raw results in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
