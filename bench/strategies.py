"""The strategies compared: each way to run the blocking task, driven by wrk at several connection counts with a
200 ms task while the probe asks GET /ping (answered on the event loop) whether the loops stay free; and the CPU
endpoint on all cores, on one, and CPython on the same sum.

The lanes of the worker-pool paths are opened to 1000 running and 1000 waiting, so that the pools behind the
strategies are compared rather than the 503s of the default limits, which the overload phases cover.
"""
import json
import os
import subprocess
import time

import load
from load import offload

TASK_MS = 200

# (key, path, what it is)
STRATEGIES = [
    ("to_thread", "/async-call", "event loop + Uni on the worker pool (asyncio.to_thread)"),
    ("blocking", "/sync-route", "@Blocking endpoint on the worker pool (sync def route)"),
    ("virtual_thread", "/sync-route/virtual", "@RunOnVirtualThread endpoint"),
    ("managed_executor", "/method3", "event loop + ManagedExecutor (run_in_threadpool)"),
    ("anti_pattern", "/anti-pattern/sleep-on-event-loop", "CONTROL: time.sleep inside async def"),
]
CONTROL = "anti_pattern"

# Mixed work behind one endpoint (seed 003): /calc/{x}, mode auto, takes the sync twin on a worker below 1000 and
# the async twin (a 10 ms timer on the event loop) from 1000 on. (key, path, what it is)
MIXED = [
    ("calc_auto_sync", "/calc/5", "auto, x < 1000: x*x+x on a worker"),
    ("calc_auto_async", "/calc/5000", "auto, x >= 1000: a 10 ms timer on the event loop, then x*x+x"),
]

SERVER_PROPS = {
    "offload.sync-task.delay": f"{TASK_MS}ms",
    "offload.anti-pattern.enabled": "true",
    **{f"offload.lanes.{lane}.{key}": "1000" for lane in ("to-thread", "sync-route", "run-in-threadpool")
       for key in ("max-concurrent", "queue")},
    "quarkus.log.category.\"io.vertx.core.impl.BlockedThreadChecker\".level": "ERROR",
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def under_load(app, path, connections, seconds):
    """Drives `path` with wrk while the probe asks /ping; the service's own lag histogram over the same time."""
    first = load.Snapshot(app)
    storm = load.wrk_start(app.base + path, connections, seconds)
    probe = load.Probe(app.base, seconds)
    probe_result = probe.result()
    result = load.wrk_result(storm, path)
    second = load.Snapshot(app)
    return result, probe_result, load.between(first, second, path)


def compare(java, jar, scale, log_dir):
    app = offload.App(os.path.join(log_dir, "strategies.log"), props=SERVER_PROPS, jar=jar, java_bin=java)
    try:
        results = {"server_props": SERVER_PROPS, "task_ms": TASK_MS, "seconds_per_run": scale["strategy_s"],
                   "idle_probe": load.idle_probe(app.base, scale["idle_probe_s"]), "rows": []}
        for key, path, what in STRATEGIES:
            counts = scale["control_connections"] if key == CONTROL else scale["strategy_connections"]
            for count in counts:
                log(f"{key} at {count} connections")
                warm = load.wrk(app.base + path, min(count, 64), 2)
                if not warm["statuses"].get("200"):
                    raise SystemExit(f"{path} answered no 200 while warming up: {warm['statuses']}")
                load.settle(app.base)
                run, probe, phase = under_load(app, path, count, scale["strategy_s"])
                settled = load.settle(app.base)
                results["rows"].append({"strategy": key, "path": path, "what": what, "connections": count,
                                        "load": run, "probe": probe, "lag": phase["lag"],
                                        "settle_s": round(settled, 1), "ideal_rps": count / (TASK_MS / 1000)})
        results["mixed"] = []
        count = scale["strategy_connections"][0]
        for key, path, what in MIXED:
            log(f"{key} at {count} connections")
            warm = load.wrk(app.base + path, count, 2)
            if not warm["statuses"].get("200"):
                raise SystemExit(f"{path} answered no 200 while warming up: {warm['statuses']}")
            load.settle(app.base)
            run, probe, phase = under_load(app, path, count, scale["strategy_s"])
            load.settle(app.base)
            results["mixed"].append({"strategy": key, "path": path, "what": what, "connections": count,
                                     "load": run, "probe": probe, "lag": phase["lag"]})
        return results
    finally:
        app.stop()


def median_ms(url, seconds):
    """The p50 of warm requests sent one after another over one kept-alive connection (wrk, in C)."""
    load.wrk(url, 1, 2, threads=1)  # warm-up
    return load.wrk(url, 1, seconds, threads=1)["latency_us"]["p50"] / 1000


def cpu(java, jar, scale, log_dir):
    cores = os.cpu_count()
    sizes = [10 ** 7] if scale["quick"] else [10 ** 7, 10 ** 8]
    seconds = scale["cpu_s"]
    app = offload.App(os.path.join(log_dir, "cpu.log"), jar=jar, java_bin=java)
    try:
        result = {"pool_threads": cores,
                  "all_cores_ms": {str(n): median_ms(f"{app.base}/cpu-bound-task?n={n}", seconds) for n in sizes},
                  "parallel_requests": []}
        for parallel in scale["cpu_parallel"]:
            run = load.wrk(f"{app.base}/cpu-bound-task?n={10 ** 7}", parallel, seconds)
            result["parallel_requests"].append({"requests_in_flight": parallel, "rps": run["rps"],
                                                "p50_ms": run["latency_us"]["p50"] / 1000})
    finally:
        app.stop()
    log("CPU endpoint with a one-thread CPU pool")
    single = offload.App(os.path.join(log_dir, "cpu-one-thread.log"), props={"offload.pools.cpu.size": "1"},
                         jar=jar, java_bin=java)
    try:
        result["one_core_ms"] = {n: median_ms(f"{single.base}/cpu-bound-task?n={n}", seconds)
                                 for n in result["all_cores_ms"]}
    finally:
        single.stop()
    log("CPython on the same sum")
    result["cpython"] = cpython(10 ** 7)
    return result


def cpython(n):
    code = ("import math, time; t = time.perf_counter(); s = sum(math.isqrt(i) for i in range(%d)); "
            "print(time.perf_counter() - t, s)" % n)
    try:
        out = subprocess.run(["python3", "-c", code], capture_output=True, text=True, timeout=600, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    seconds, total = out.split()
    version = subprocess.run(["python3", "--version"], capture_output=True, text=True).stdout.strip()
    return {"n": n, "ms": float(seconds) * 1000, "result": int(total), "version": version}


DETECTOR_LOADS = [  # (key, path, connections, what)
    ("ping", "/ping", 8, "GET /ping, answered on the event loop, 8 connections"),
    ("blocking", "/sync-route", 64, "GET /sync-route, @Blocking, 200 ms task, 64 connections"),
]


def detector(java, jar, scale, log_dir):
    """The blocking-call detector's cost: the same loads with it off (prod's default) and on (dev's and test's),
    the two taking turns; CPU time per answered request and throughput."""
    found = {"off": [], "on": []}
    for round_ in range(scale["detector_rounds"]):
        for state in ("off", "on"):
            props = {"offload.sync-task.delay": f"{TASK_MS}ms",
                     "offload.observe.blocking-detector.enabled": "true" if state == "on" else "false"}
            app = offload.App(os.path.join(log_dir, f"detector-{state}.log"), props=props, jar=jar, java_bin=java)
            try:
                sample = {}
                for key, path, connections, _ in DETECTOR_LOADS:
                    sample[key] = load.measured(app, path, connections, scale["detector_warm_s"], scale["detector_s"])
                found[state].append(sample)
                log(f"detector {state}, round {round_ + 1}: " + ", ".join(
                    f"{k} {v['good_rps']:.0f}/s {v['cpu_us_per_request'] or 0:.0f} us CPU each"
                    for k, v in sample.items()))
            finally:
                app.stop()
    return {"loads": [{"key": k, "path": p, "connections": c, "what": w} for k, p, c, w in DETECTOR_LOADS],
            "rounds": found}


def detector_cost(java, blockhound, scale):
    """bench/DetectorCost.java in a JVM of its own per mode: what watching costs threads that may block, and which
    blocking calls made on a thread named like an event loop each detector sees."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DetectorCost.java")
    found = []
    for mode in ("none", "jfr", "blockhound"):
        if mode == "blockhound" and not blockhound:
            continue
        flags = ["-XX:+AllowRedefinitionToAddDeleteMethods"] if mode == "blockhound" else []
        for _ in range(scale["detector_rounds"]):
            run = subprocess.run([java, *flags, "-cp", blockhound or ".", source, mode, str(scale["handoffs"])],
                                 capture_output=True, text=True, timeout=600)
            line = next((l for l in run.stdout.splitlines() if l.startswith("RESULT ")), None)
            if line is None:
                raise SystemExit(f"DetectorCost {mode} printed no result:\n{run.stdout}\n{run.stderr}")
            result = json.loads(line[len("RESULT "):])
            result["jvm_warnings"] = [l for l in run.stderr.splitlines() if "warning" in l.lower()]
            found.append(result)
            log(f"detector cost {mode}: {result['ns_per_handoff']:.0f} ns a handoff")
    return found
