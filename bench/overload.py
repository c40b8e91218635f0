"""Issue 11's phases: the storm, the burst, polite clients and limits that follow latency.

Every phase runs the seed's blocking task (syncTask) behind the lanes that run it, with the service's documented
limits, read from the application.properties of the jar under test; the admission cap of a lane is its
max-concurrent divided by the task's time (64 / 2 s = 32 answers a second).
"""
import math
import os
import threading
import time

import load
from load import offload

# The lanes whose operations run syncTask, in the order of the seed's methods; their paths come from the service's
# OpenAPI document (offload.lane_operations).
SEED_LANES = ["to-thread", "sync-route", "virtual-thread", "run-in-threadpool"]
# The same lanes' keys in the service before the door (commit a54562e: offload.limits.<key>.*).
BEFORE_KEYS = {"to-thread": "to-thread", "sync-route": "blocking", "virtual-thread": "virtual",
               "run-in-threadpool": "managed-executor"}
STORM_CONNECTIONS = 1000
TASK = "2s"
TASK_S = 2.0

# The ways the door can treat a client it turned away, each a server start of its own in the storm.
# (Runs before issue 22 also had "pause-reads", "no-pause", "untraced" and "untimed": the report still reads them.)
SHED = {
    "tarpit": {},
    "no-tarpit": {"offload.lanes.shed.tarpit": "false"},
    "in-the-filter": {"offload.lanes.shed.tarpit": "false", "offload.lanes.shed.before-routing": "false"},
    "close-connection": {"offload.lanes.shed.tarpit": "false", "offload.lanes.shed.close-connection": "true"},
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def properties(path):
    values = {}
    with open(path) as source:
        for line in source:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def lane_limits(root, before=False):
    """{lane: (max-concurrent, queue)} as the application.properties under `root` sets them."""
    values = properties(os.path.join(root, "src", "main", "resources", "application.properties"))
    limits = {}
    for lane in SEED_LANES:
        prefix = f"offload.limits.{BEFORE_KEYS[lane]}." if before else f"offload.lanes.{lane}."
        limits[lane] = (int(values[prefix + "max-concurrent"]), int(values[prefix + "queue"]))
    return limits


def seed_paths(base):
    """{lane: path} of the seed lanes, from the service's OpenAPI document."""
    paths = {lane: path for method, path, lane in offload.lane_operations(base) if method == "GET"}
    missing = [lane for lane in SEED_LANES if lane not in paths]
    if missing:
        raise SystemExit(f"the OpenAPI document names no operation for the lanes {missing}")
    return {lane: paths[lane] for lane in SEED_LANES}


def storm_server(label, java, jar, props, paths, limits, scale, log_dir, bursts=False):
    """One server start: a storm of closed-loop connections that ignore Retry-After on each seed path in turn,
    then (if asked) bursts on each path."""
    app = offload.App(os.path.join(log_dir, f"storm-{label}.log"), props={"offload.sync-task.delay": TASK, **props},
                      jar=jar, java_bin=java)
    try:
        result = {"label": label, "props": props, "first_answer_ms": app.first_answer_ms}
        log(f"storm {label}: warming up ({scale['storm_warm_s']} s on {paths['sync-route']})")
        load.wrk(app.base + paths["sync-route"], STORM_CONNECTIONS, scale["storm_warm_s"])
        time.sleep(scale["settle_s"])
        result["idle_probe"] = load.idle_probe(app.base, scale["idle_probe_s"])
        result["paths"] = []
        for lane in scale["storm_lanes"]:
            result["paths"].append(storm_path(app, lane, paths[lane], limits[lane], scale,
                                              untimed=props.get("offload.lanes.shed.timed") == "false"))
            row = result["paths"][-1]
            log(f"storm {label} {paths[lane]}: {row['good_rps']:.1f} good/s of {row['cap_rps']:.0f}, "
                f"{row['rejected_rps']:.0f} 503/s, {row['cores']:.2f} cores, "
                f"{row['cpu_per_503_us'] or 0:.0f} us per 503, probe p99 {row['probe']['p99_ms']:.1f} ms, "
                f"lag p99 {row['lag']['p99_ms']} ms")
        if bursts:
            result["bursts"] = [burst(app, lane, paths[lane], limits[lane], scale) for lane in scale["storm_lanes"]]
        result["rss_mib"] = app.rss_mib()
        return result
    finally:
        app.stop()


def storm_path(app, lane, path, limit, scale, untimed=False, prober=load.Probe):
    """The storm on one path. Closed-loop clients on a lane with a fixed task time answer in waves, one a task time
    apart, the first a task time after the storm starts: the measured window starts half a task time after a wave
    and lasts whole task times, so it holds a whole number of waves wherever they fall. An untimed server leaves the
    503s it sends before routing out of http_server_requests, so its 503s are the lane's own count of them. prober is
    the probe's class (load.PacedProbe for a server that closes connections)."""
    lead, window = scale["storm_lead_s"], scale["storm_window_s"]
    if (lead / TASK_S) % 1 != 0.5 or (window / TASK_S) % 1 != 0:
        raise SystemExit(f"the storm's lead ({lead} s) must be an odd number of half task times and its window "
                         f"({window} s) whole task times ({TASK_S} s)")
    storm = load.wrk_start(app.base + path, STORM_CONNECTIONS, lead + window + 2)
    time.sleep(lead)
    first = load.Snapshot(app)
    probe = prober(app.base, window)
    probe_result = probe.result()
    second = load.Snapshot(app)
    client = load.wrk_result(storm, path)
    time.sleep(scale["settle_s"])
    phase = load.between(first, second, path)
    good = phase["statuses"].get("200", 0.0)
    rejected = phase["statuses"].get("503", 0.0)
    if untimed:
        rejected = second.lane("rejected_total", lane) - first.lane("rejected_total", lane)
    other = sum(count for status, count in phase["statuses"].items() if status not in ("200", "503"))
    return {"lane": lane, "path": path, "connections": STORM_CONNECTIONS, "limit": limit[0], "queue": limit[1],
            "cap_rps": limit[0] / TASK_S, "good_rps": good / phase["seconds"], "rejected_rps": rejected / phase["seconds"],
            "other": other, "rejected": rejected, "cpu_s": phase["cpu_s"], "cores": phase["cpu_s"] / phase["seconds"],
            "cpu_per_503_us": phase["cpu_s"] / rejected * 1e6 if rejected else None,
            "seconds": phase["seconds"], "probe": probe_result, "lag": phase["lag"], "gc": phase["gc"],
            "cpu_by_thread_s": phase["cpu_by_thread_s"],
            "client": {"statuses": client["statuses"], "errors": client["errors"]}}


def burst(app, lane, path, limit, scale):
    """Sends max-concurrent + queue + scale['burst_over'] requests at once, each on its own connection, a few times,
    and times every 503 from its own sending."""
    count = limit[0] + limit[1] + scale["burst_over"]
    rounds = []
    for _ in range(scale["burst_rounds"]):
        rows = load.H2load(app.base + path, count, requests=count, threads=2).rows()
        rejected = sorted(latency for _, status, latency in rows if status == 503)
        rounds.append({"requests": len(rows), "rejected": len(rejected),
                       "within_300ms": sum(1 for latency in rejected if latency <= 0.3),
                       "p50_ms": (load.percentile(rejected, 50) or 0) * 1000,
                       "p90_ms": (load.percentile(rejected, 90) or 0) * 1000,
                       "max_ms": (rejected[-1] if rejected else 0) * 1000,
                       "sending_spread_ms": (max(r[0] for r in rows) - min(r[0] for r in rows)) * 1000})
        time.sleep(1)
    rejected = sum(r["rejected"] for r in rounds)
    share = sum(r["within_300ms"] for r in rounds) / rejected if rejected else None
    log(f"burst {path}: {count} at once, {rejected} 503s over {len(rounds)} rounds, "
        f"{100 * (share or 0):.0f}% within 0.3 s")
    return {"lane": lane, "path": path, "requests_each": count, "rounds": rounds,
            "share_within_300ms": share}


def polite(java, jar, paths, limits, scale, log_dir):
    """An open loop at twice each lane's admission cap: new requests arrive at a fixed rate, each client sending its
    next request only after an interval longer than the longest answer, whatever the answer."""
    app = offload.App(os.path.join(log_dir, "polite.log"), props={"offload.sync-task.delay": TASK}, jar=jar,
                      java_bin=java)
    try:
        load.wrk(app.base + paths["sync-route"], STORM_CONNECTIONS, scale["storm_warm_s"])  # warm-up
        time.sleep(scale["settle_s"])
        result = {"idle_probe": load.idle_probe(app.base, scale["idle_probe_s"]), "paths": []}
        for lane in scale["polite_lanes"]:
            result["paths"].append(polite_path(app, lane, paths[lane], limits[lane], scale))
        return result
    finally:
        app.stop()


def polite_path(app, lane, path, limit, scale):
    cap = limit[0] / TASK_S
    interval = math.ceil(2 * TASK_S + 1)  # a running task, a full queue ahead of it, and a second to spare
    period_ms = 125
    per_period = max(1, round(2 * cap * period_ms / 1000))
    rate = per_period * 1000 / period_ms  # requests a second, once every client has started
    clients = int(rate * interval)
    each = math.ceil(scale["polite_s"] / interval) + 1
    log(f"polite {path}: {rate:.0f} requests/s ({rate / cap:.1f}x the cap) from {clients} clients, "
        f"one every {interval} s each")
    run = load.H2load(app.base + path, clients, requests=clients * each, rps=1 / interval, rate=per_period,
                      rate_period_ms=period_ms)
    time.sleep(interval)  # every client has started
    probe = load.Probe(app.base, interval * (each - 1))
    probe_result = probe.result()
    rows = run.rows()
    time.sleep(scale["settle_s"])
    start = min(r[0] for r in rows) + interval
    end = start + interval * (each - 1)
    window = [r for r in rows if start <= r[0] < end]
    good = sum(1 for _, status, _ in window if 200 <= status < 300)
    rejected = sum(1 for _, status, _ in window if status == 503)
    good_latency = [latency for _, status, latency in window if 200 <= status < 300]
    row = {"lane": lane, "path": path, "cap_rps": cap, "offered_rps": len(window) / (end - start),
           "clients": clients, "interval_s": interval, "good_rps": good / (end - start),
           "rejected_share": rejected / len(window) if window else None,
           "other": len(window) - good - rejected, "good_p99_ms": (load.percentile(good_latency, 99) or 0) * 1000,
           "rejected_p99_ms": (load.percentile([latency for _, s, latency in window if s == 503], 99) or 0) * 1000,
           "probe": probe_result}
    log(f"polite {path}: {row['good_rps']:.1f} good/s of {cap:.0f}, {100 * (row['rejected_share'] or 0):.0f}% 503, "
        f"probe p99 {probe_result['p99_ms']:.1f} ms")
    return row


class Sampler(threading.Thread):
    """Reads one lane's limit, running, waiting and counts from /q/metrics every second."""

    def __init__(self, app, lane, t0):
        super().__init__(daemon=True)
        self.app, self.lane, self.t0 = app, lane, t0
        self.samples = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(1.0 - (time.time() - self.t0) % 1.0):
            found = {}
            for name, labels, value in offload.metrics(self.app.base):
                if labels.get("lane") == self.lane and name.startswith("offload_lane_"):
                    key = name[len("offload_lane_"):] + ("_" + labels["ending"] if "ending" in labels else "")
                    found[key] = value
            self.samples.append({"t": round(time.time() - self.t0, 2), "limit": found.get("limit"),
                                 "running": found.get("running"), "waiting": found.get("waiting"),
                                 "rejected_total": found.get("rejected_total"),
                                 "deadline_total": found.get("ended_total_deadline")})


def adaptive(java, jar, algorithm, scale, log_dir):
    """Steady closed-loop load on /sync-route with a fast task, then the task made slower mid-run through the
    runtime switch; the lane's limit sampled every second."""
    lane = "sync-route"
    fast, slow = scale["adaptive_fast_ms"], scale["adaptive_slow_ms"]
    props = {"offload.sync-task.delay": f"{fast}ms", "offload.sync-task.delay-switch": "true",
             f"offload.lanes.{lane}.limit": algorithm}
    app = offload.App(os.path.join(log_dir, f"adaptive-{algorithm}.log"), props=props, jar=jar, java_bin=java)
    try:
        path = seed_paths(app.base)[lane]
        connections = scale["adaptive_connections"]
        load.H2load(app.base + path, connections, seconds=scale["adaptive_warm_s"]).rows()  # warm-up
        time.sleep(scale["settle_s"])
        before_s, after_s = scale["adaptive_before_s"], scale["adaptive_after_s"]
        run = load.H2load(app.base + path, connections, seconds=before_s + after_s)
        t0 = run.started
        sampler = Sampler(app, lane, t0)
        sampler.start()
        time.sleep(max(0.0, t0 + before_s - time.time()))
        status, _, body = offload.get(f"{app.base}/sync-task/delay?ms={slow}", method="PUT")
        if status != 200:
            raise SystemExit(f"PUT /sync-task/delay answered {status}: {body}")
        flipped = time.time() - t0
        rows = run.rows()
        sampler.stopped.set()
        sampler.join()
        seconds = load.by_second(rows, t0, t0 + before_s + after_s)
        for second in seconds:
            # The sample taken just after the second ended says where the lane stood at its end.
            sample = next((s for s in sampler.samples if second["t"] + 0.5 < s["t"] <= second["t"] + 1.5), {})
            second.update({key: sample.get(key) for key in ("limit", "running", "waiting")})
        result = {"algorithm": algorithm, "lane": lane, "path": path, "connections": connections,
                  "fast_ms": fast, "slow_ms": slow, "flipped_at_s": flipped, "seconds": seconds,
                  "samples": sampler.samples, "summary": summarise(seconds, before_s, scale)}
        s = result["summary"]
        log(f"adaptive {algorithm}: limit {s['limit_before']} -> min {s['limit_min_after']}, end {s['limit_end']}; "
            f"good/s {s['good_before']:.0f} -> {s['good_after']:.1f}; p99 {s['p99_before_ms']} -> {s['p99_after_ms']} ms")
        return result
    finally:
        app.stop()


def summarise(seconds, before_s, scale):
    """Means over the last seconds before the switch, and over the last seconds of the run."""
    tail = scale["adaptive_tail_s"]
    before = [s for s in seconds if before_s - tail <= s["t"] < before_s]
    after = [s for s in seconds if s["t"] >= len(seconds) - tail]
    after_all = [s for s in seconds if s["t"] >= before_s]

    def mean(rows, key):
        values = [r[key] for r in rows if r.get(key) is not None]
        return sum(values) / len(values) if values else None

    def p99(rows):
        values = [r["good_p99_ms"] for r in rows if r["good_p99_ms"] is not None]
        return max(values) if values else None

    limits_after = [s["limit"] for s in after_all if s.get("limit") is not None]
    return {"limit_before": mean(before, "limit"), "limit_min_after": min(limits_after) if limits_after else None,
            "limit_end": mean(after, "limit"), "good_before": mean(before, "good"), "good_after": mean(after, "good"),
            "rejected_before": mean(before, "rejected"), "rejected_after": mean(after, "rejected"),
            "other_after": sum(r["other"] for r in after_all), "p99_before_ms": p99(before), "p99_after_ms": p99(after)}
