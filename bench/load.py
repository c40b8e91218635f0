"""The load generators and the measures every phase of the benchmark shares.

wrk drives closed-loop load (each connection sends its next request as soon as it has an answer, whatever the
answer, Retry-After included); h2load (Debian's nghttp2-client) drives bursts and fixed arrival rates and writes
one line per request (its start, status and latency), from which the phases count by the second. The probe is
h2load too, at a fixed 50 requests a second over one connection: a closed-loop probe would take a core of its own
on an idle server and blur the CPU that the phases measure.
"""
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".ci", "lib"))
import offload  # noqa: E402  (the shared helper: App, metrics, lane_operations)

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk-report.lua")
PROBE_RPS = 50
LAG = "offload_event_loop_lag_seconds"


def wrk(url, connections, seconds, threads=2, timeout_s=10):
    """Runs wrk and returns the JSON line that wrk-report.lua prints, with req/s added."""
    run = subprocess.run(["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
                          f"--timeout={timeout_s}s", "-s", LUA, url],
                         capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    return _wrk_result(url, run.stdout, run.stderr)


def measured(app, path, connections, warm_s, seconds):
    """wrk warms `path` up, then drives it again while the process's CPU time is read around the run: 200s a second,
    the CPU they cost, the p99 and the other answers."""
    wrk(app.base + path, connections, warm_s)
    cpu_s = app.cpu_seconds()
    run = wrk(app.base + path, connections, seconds)
    spent = app.cpu_seconds() - cpu_s
    good = run["statuses"].get("200", 0)
    return {"good_rps": good / (run["duration_us"] / 1e6), "requests_per_cpu_s": good / spent if spent else None,
            "cpu_us_per_request": spent / good * 1e6 if good else None, "p99_ms": run["latency_us"]["p99"] / 1000,
            "other": run["requests"] - good}


def wrk_start(url, connections, seconds, threads=2, timeout_s=10):
    """wrk in the background; finish it with wrk_result."""
    return subprocess.Popen(["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
                             f"--timeout={timeout_s}s", "-s", LUA, url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process, url):
    out, err = process.communicate(timeout=600)
    return _wrk_result(url, out, err)


def _wrk_result(url, out, err):
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise SystemExit(f"wrk printed no result for {url}:\n{out}\n{err}")


class H2load:
    """One h2load run over HTTP/1.1 whose per-request log is read back: rows of (start s since the epoch, status,
    latency s). Started at once; rows() waits for it to end."""

    def __init__(self, url, clients, *, requests=None, seconds=None, rps=None, rate=None, rate_period_ms=None,
                 threads=1):
        self.url = url
        handle, self.log_path = tempfile.mkstemp(prefix="h2load-", suffix=".tsv")
        os.close(handle)
        os.remove(self.log_path)  # h2load creates it
        command = ["h2load", "--h1", f"-c{clients}", f"-t{threads}", f"--log-file={self.log_path}"]
        if seconds is not None:
            command.append(f"-D{seconds}")
        if requests is not None:
            command.append(f"-n{requests}")
        if rps is not None:
            command.append(f"--rps={rps}")
        if rate is not None:
            command += [f"-r{rate}", f"--rate-period={rate_period_ms}ms"]
        self.command = command + [url]
        self.started = time.time()
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def rows(self, timeout=900, kill_after=None):
        """kill_after: seconds after which h2load is killed and its log read as it stands. h2load does not always
        stop on a server that closes the connection after each 503 (quarkus-load-shedding's): measured, a closed
        loop of 100 clients that spun at the end of its run until it was killed; the rows it logged are whole."""
        self.killed = False
        try:
            out, err = self.process.communicate(timeout=kill_after or timeout)
        except subprocess.TimeoutExpired:
            if kill_after is None:
                raise
            self.process.kill()
            out, err = self.process.communicate()
            self.killed = True
        if (self.process.returncode != 0 and not self.killed) or not os.path.exists(self.log_path):
            raise SystemExit(f"h2load failed ({self.process.returncode}): {' '.join(self.command)}\n{out[-2000:]}\n{err}")
        rows = []
        with open(self.log_path) as log:
            for line in log:
                if line.count("\t") < 2:
                    continue  # the last line of a killed run may be cut short
                start_us, status, latency_us = line.split("\t")[:3]
                rows.append((int(start_us) / 1e6, int(status), int(latency_us) / 1e6))
        os.remove(self.log_path)
        self.summary = next((line for line in out.splitlines() if line.startswith("requests:")), "")
        return rows


def percentile(values, q):
    """The q-th percentile (0-100) of values, nearest rank; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


class Probe:
    """GET /ping at PROBE_RPS over one kept-alive connection for `seconds`: is the event loop free?"""

    def __init__(self, base, seconds):
        self.run = H2load(base + "/ping", 1, seconds=seconds, rps=PROBE_RPS)

    def result(self):
        rows = self.run.rows()
        latencies = [latency * 1000 for _, status, latency in rows if status == 200]
        failed = sum(1 for _, status, _ in rows if status != 200)
        return {"requests": len(rows), "failed": failed, "p50_ms": percentile(latencies, 50),
                "p99_ms": percentile(latencies, 99), "max_ms": max(latencies) if latencies else None}


class PacedProbe:
    """Probe's measure (GET /ping at PROBE_RPS over one kept-alive connection) from a thread of this process, which
    keeps its pace when the server closes the connection after an answer, as quarkus-load-shedding does with every
    503: h2load's --rps does not (measured: a client at 1 request a second sent a hundred a second, and a probe
    stalled), so a server that closes connections needs this probe, and the servers compared with it get it too.
    A request that gets no answer counts as failed."""

    def __init__(self, base, seconds):
        self.host, self.port = base.split("//", 1)[1].split(":")
        self.seconds = seconds
        self.rows = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        connection = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        started = time.perf_counter()
        for n in range(int(self.seconds * PROBE_RPS)):
            time.sleep(max(0.0, started + n / PROBE_RPS - time.perf_counter()))
            sent = time.perf_counter()
            try:
                connection.request("GET", "/ping")
                answer = connection.getresponse()
                answer.read()
                status = answer.status
                if answer.will_close:
                    connection.close()  # the next request connects again, and pays for it
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
            self.rows.append((status, time.perf_counter() - sent))
        connection.close()

    def result(self):
        self.thread.join()
        latencies = [latency * 1000 for status, latency in self.rows if status == 200]
        return {"requests": len(self.rows), "failed": sum(1 for status, _ in self.rows if status != 200),
                "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
                "max_ms": max(latencies) if latencies else None, "paced": "python"}


def idle_probe(base, seconds, probe=Probe):
    probe(base, 2).result()  # warm-up
    return probe(base, seconds).result()


class Snapshot:
    """What one scrape of the service and its process say at one moment: CPU time (the process's and by kind of
    thread), the event-loop lag histogram summed over the loops, the JVM's GC pauses (Micrometer's
    jvm_gc_pause_seconds) and the HTTP answers counted by path and status."""

    def __init__(self, app):
        self.at = time.time()
        self.cpu_s = app.cpu_seconds()
        self.threads = app.thread_cpu_seconds()
        self.samples = offload.metrics(getattr(app, "metrics_base", app.base))
        self.lag = {}
        self.answers = {}
        self.gauges = {}
        self.gc = None  # [pauses, seconds paused], summed over collectors and causes
        for name, labels, value in self.samples:
            if name in ("jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum"):
                self.gc = self.gc or [0.0, 0.0]
                self.gc[1 if name.endswith("_sum") else 0] += value
            if name == LAG + "_bucket":
                le = float("inf") if labels["le"] == "+Inf" else float(labels["le"])
                self.lag[le] = self.lag.get(le, 0.0) + value
            elif name == "http_server_requests_seconds_count":
                key = (labels.get("uri"), labels.get("status"))
                self.answers[key] = self.answers.get(key, 0.0) + value
            elif name.startswith("offload_lane_") and "lane" in labels:
                self.gauges[(name, labels["lane"]) + tuple(sorted((k, v) for k, v in labels.items()
                                                                   if k != "lane"))] = value

    def lane(self, name, lane, **labels):
        return self.gauges.get((f"offload_lane_{name}", lane) + tuple(sorted(labels.items())), 0.0)


def between(first, second, path):
    """What happened between two snapshots, for the answers on `path`."""
    seconds = second.at - first.at
    statuses = {}
    for (uri, status), count in second.answers.items():
        if uri == path:
            statuses[status] = count - first.answers.get((uri, status), 0.0)
    lag = {le: second.lag[le] - first.lag.get(le, 0.0) for le in second.lag}
    threads = {name: round(spent - first.threads.get(name, 0.0), 2) for name, spent in second.threads.items()
               if spent - first.threads.get(name, 0.0) >= 0.01}
    gc = None
    if first.gc and second.gc:
        gc = {"pauses": round(second.gc[0] - first.gc[0]), "pause_ms": (second.gc[1] - first.gc[1]) * 1000}
    return {"seconds": seconds, "cpu_s": second.cpu_s - first.cpu_s, "statuses": statuses,
            "lag": lag_summary(lag), "cpu_by_thread_s": threads, "gc": gc}


def lag_summary(buckets):
    """p99 and the largest bucket reached, from the deltas of the cumulative lag histogram, in ms."""
    total = buckets.get(float("inf"), 0.0)
    if total <= 0:
        return {"probes": 0, "p99_ms": None, "max_bucket_ms": None}
    bounds = sorted(buckets)
    p99 = next(le for le in bounds if buckets[le] >= 0.99 * total)
    top = next(le for le in bounds if buckets[le] >= total)
    return {"probes": int(total), "p99_ms": None if p99 == float("inf") else p99 * 1000,
            "max_bucket_ms": None if top == float("inf") else top * 1000,
            "over_10ms": int(total - max((buckets[le] for le in bounds if le <= 0.010), default=0.0))}


def by_second(rows, start, end):
    """Rows counted by the second of their answer (start + latency), from `start` to `end`: 2xx, 503 and the 2xx
    p99 latency of each second."""
    seconds = []
    for second in range(int(end - start)):
        lo, hi = start + second, start + second + 1
        answered = [(status, latency) for begun, status, latency in rows if lo <= begun + latency < hi]
        good = [latency for status, latency in answered if 200 <= status < 300]
        seconds.append({"t": second, "good": len(good), "rejected": sum(1 for s, _ in answered if s == 503),
                        "other": sum(1 for s, _ in answered if s != 503 and not 200 <= s < 300),
                        "good_p99_ms": None if not good else percentile(good, 99) * 1000})
    return seconds


def settle(base, limit_s=240):
    """Waits until the event loops answer /ping quickly again (the anti-pattern leaves a backlog)."""
    started = time.perf_counter()
    quick_in_a_row = 0
    while quick_in_a_row < 5 and time.perf_counter() - started < limit_s:
        t = time.perf_counter()
        status = offload.get(base + "/ping", timeout=30)[0]
        quick_in_a_row = quick_in_a_row + 1 if status == 200 and time.perf_counter() - t < 0.02 else 0
        time.sleep(0.1)
    return time.perf_counter() - started
