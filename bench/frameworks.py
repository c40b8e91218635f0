"""Issue 23's phase: the framework's own answers side by side with the door.

Four servers, each a start of its own, run the seed's blocking task (syncTask, TASK) under the same cap (CAP at once):
  door             the main jar's /sync-route, its lane set to CAP running, QUEUE waiting, a TIMEOUT deadline;
  fault-tolerance  the main jar's /fault-tolerance/bulkhead (SmallRye Fault Tolerance: @Blocking, @Bulkhead(CAP),
                   @Timeout), its settings through Quarkus' Fault Tolerance keys (FAULT_TOLERANCE_KEYS);
  load-shedding    bench/load-shedding-peer: /sync-task behind quarkus-load-shedding, max-limit CAP;
  plain-blocking   the main jar's /sync-route with its lane opened far past anything the loads send (UNBOUNDED): a plain
                   @Blocking endpoint, bounded only by the Quarkus worker pool (200 threads), whose queue is unbounded.
A server whose path does not answer 200 is recorded as missing, with what it answered, and the others still run.

On each, one after another: the storm (overload.storm_path: 1000 closed-loop connections that ignore Retry-After),
the worker threads the storm holds (thread dumps), bursts, polite clients at twice the cap that honour Retry-After,
and a task made slow mid-run through each server's PUT /sync-task/delay.
"""
import http.client
import math
import os
import re
import subprocess
import threading
import time

import load
import overload
from load import offload

CAP = 64  # requests at once, on every server
QUEUE = 64  # the door's waiting room, its documented default (the others have none)
TIMEOUT = "10s"  # the door's deadline, and Fault Tolerance's @Timeout
TIMEOUT_MS = 10_000
UNBOUNDED = 100_000  # the plain-blocking lane's max-concurrent and queue: more than any load here sends
TASK = overload.TASK
TASK_S = overload.TASK_S
CONNECTIONS = overload.STORM_CONNECTIONS

# SmallRye Fault Tolerance reads MicroProfile Fault Tolerance's keys, <class>/<method>/<annotation>/<parameter>.
# The endpoint's class and method are those of branch ft (issue 23, point 1); fix them here if they differ.
# Quarkus' keys for one method's Fault Tolerance settings (docs/configuration.md): the synchronous @Blocking variant.
FAULT_TOLERANCE_METHOD = 'quarkus.fault-tolerance."dev.offload.faulttolerance.FaultToleranceResource/bulkhead"'
FAULT_TOLERANCE_KEYS = {
    f"{FAULT_TOLERANCE_METHOD}.bulkhead.value": str(CAP),
    f"{FAULT_TOLERANCE_METHOD}.bulkhead.waiting-task-queue": str(QUEUE),  # ignored by a synchronous method
    f"{FAULT_TOLERANCE_METHOD}.timeout.value": str(TIMEOUT_MS),
    f"{FAULT_TOLERANCE_METHOD}.timeout.unit": "millis",
}

MAIN_TASK = {"offload.sync-task.delay": TASK, "offload.sync-task.delay-switch": "true"}
SERVERS = [
    {"label": "door", "jar": "main", "path": "/sync-route",
     "what": f"the door: `/sync-route`, lane sync-route at {CAP} running, {QUEUE} waiting, {TIMEOUT} deadline",
     "props": {**MAIN_TASK, "offload.lanes.sync-route.max-concurrent": str(CAP),
               "offload.lanes.sync-route.queue": str(QUEUE), "offload.lanes.sync-route.timeout": TIMEOUT}},
    {"label": "fault-tolerance", "jar": "main", "path": "/fault-tolerance/bulkhead",
     "what": f"SmallRye Fault Tolerance: `/fault-tolerance/bulkhead`, `@Blocking` `@Bulkhead({CAP})` "
             f"`@Timeout({TIMEOUT_MS})`",
     "props": {**MAIN_TASK, **FAULT_TOLERANCE_KEYS}},
    {"label": "load-shedding", "jar": "peer", "path": "/sync-task",
     "what": f"quarkus-load-shedding: `bench/load-shedding-peer`'s `/sync-task` (`@Blocking`), max-limit {CAP}, "
             "initial-limit the same, priority shedding off",
     "props": {"peer.sync-task.delay": TASK, "peer.sync-task.delay-switch": "true",
               "quarkus.load-shedding.max-limit": str(CAP), "quarkus.load-shedding.initial-limit": str(CAP),
               "quarkus.load-shedding.priority.enabled": "false"}},
    {"label": "plain-blocking", "jar": "main", "path": "/sync-route",
     "what": f"plain `@Blocking`, unbounded: `/sync-route` with its lane at {UNBOUNDED:,} running and waiting and a "
             "1 h deadline, so only the Quarkus worker pool (200 threads, unbounded queue) bounds it",
     "props": {**MAIN_TASK, "offload.lanes.sync-route.max-concurrent": str(UNBOUNDED),
               "offload.lanes.sync-route.queue": str(UNBOUNDED), "offload.lanes.sync-route.timeout": "1h"}},
    {"label": "virtual-thread", "jar": "main", "path": "/sync-route/virtual",
     "what": f"plain `@RunOnVirtualThread`, unbounded: `/sync-route/virtual` with its lane at {UNBOUNDED:,} running and "
             "waiting and a 1 h deadline, a new virtual thread per request (thread dumps list no virtual threads, so "
             "its worker-thread counts are of the idle platform pool)",
     "props": {**MAIN_TASK, "offload.lanes.virtual-thread.max-concurrent": str(UNBOUNDED),
               "offload.lanes.virtual-thread.queue": str(UNBOUNDED), "offload.lanes.virtual-thread.timeout": "1h"}},
]

PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "load-shedding-peer")
WORKER = "executor-thread-"
STUCK_S = 15  # h2load runs this long past their time are killed and read as they stand (load.H2load.rows)  # the Quarkus worker pool's threads, on every server


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def compare(java, main_jar, peer_jar, scale, log_dir):
    """Every server in SERVERS, one start each."""
    found = {"cap": CAP, "queue": QUEUE, "timeout": TIMEOUT, "task": TASK, "connections": CONNECTIONS,
             "fault_tolerance_keys": FAULT_TOLERANCE_KEYS, "peer_quarkus": peer_quarkus(), "servers": []}
    for server in [server for server in SERVERS if server["label"] in scale["frameworks_servers"]]:
        jar = peer_jar if server["jar"] == "peer" else main_jar
        found["servers"].append(run_server(server, java, jar, scale, log_dir))
    return found


def peer_quarkus():
    """The Quarkus version the load-shedding peer is built on (its pom's quarkus.version)."""
    with open(os.path.join(PEER, "pom.xml")) as pom:
        return next((line.split(">")[1].split("<")[0] for line in pom if "<quarkus.version>" in line), None)


def run_server(server, java, jar, scale, log_dir):
    label, path = server["label"], server["path"]
    props = dict(server["props"])
    result = {"label": label, "what": server["what"], "path": path, "props": props, "cap": CAP,
              "cap_rps": CAP / TASK_S}
    if not jar or not os.path.exists(jar):
        result["missing"] = f"no jar to run ({jar})"
        log(f"frameworks {label}: {result['missing']}")
        return result
    management = None
    if server["jar"] == "peer":
        # The peer serves its metrics on a port of its own, which load shedding does not guard.
        management = offload.free_port()
        props.update({"quarkus.management.port": str(management), "quarkus.management.host": "127.0.0.1"})
    app = offload.App(os.path.join(log_dir, f"frameworks-{label}.log"), props=props, jar=jar, java_bin=java)
    try:
        if management:
            app.metrics_base = f"http://127.0.0.1:{management}"  # read by load.Snapshot
        result["first_answer_ms"] = app.first_answer_ms
        status, _, body = offload.get(app.base + path, timeout=TASK_S + 30)
        if status != 200:
            result["missing"] = f"GET {path} answered {status}: {body[:200]}"
            log(f"frameworks {label}: {result['missing']}; skipped")
            return result
        if scale["frameworks_warm_s"]:
            log(f"frameworks {label}: warming up ({scale['frameworks_warm_s']} s on {path})")
            load.wrk(app.base + path, CONNECTIONS, scale["frameworks_warm_s"])
            time.sleep(scale["settle_s"])
        result["idle_probe"] = load.idle_probe(app.base, scale["idle_probe_s"], probe=load.PacedProbe)
        limit = (CAP, QUEUE)
        storm = overload.storm_path(app, label, path, limit, scale, prober=load.PacedProbe)
        storm["statuses_504"] = storm["client"]["statuses"].get("504", 0)
        result["storm"] = storm
        log(f"frameworks {label} storm: {storm['good_rps']:.1f} good/s of {storm['cap_rps']:.0f}, "
            f"{storm['rejected_rps']:.0f} 503/s, {storm['cpu_per_503_us'] or 0:.0f} us per 503, "
            f"probe p99 {fmt_ms(storm['probe']['p99_ms'])} ({storm['probe']['failed']} probes not 200), "
            f"lag p99 {fmt_ms(storm['lag']['p99_ms'])}")
        result["threads"] = held_threads(app, java, path, scale)
        log(f"frameworks {label} threads under the storm: {result['threads']['summary']}")
        result["bursts"] = bursts(app, path, scale)
        result["polite"] = polite(app, path, scale)
        result["adaptive"] = adaptive(app, path, scale)
        result["rss_mib"] = app.rss_mib()
        return result
    finally:
        app.stop()


def fmt_ms(value):
    return "n/a" if value is None else f"{value:.1f} ms"


def window(app, path, run):
    """Runs run() between two snapshots of the server: what it returned, and the server's CPU, answers by status,
    event-loop lag and GC pauses meanwhile."""
    first = load.Snapshot(app)
    found = run()
    second = load.Snapshot(app)
    measured = load.between(first, second, path)
    rejected = measured["statuses"].get("503", 0.0)
    measured["cpu_per_503_us"] = measured["cpu_s"] / rejected * 1e6 if rejected else None
    return found, measured


# --- worker threads held --------------------------------------------------------------------------------------------

def held_threads(app, java, path, scale):
    """The storm again, and thread dumps of the server while it lasts (jcmd Thread.print): its worker-pool threads
    (executor-thread-N) counted as running the task (Thread.sleep on the stack), idle (parked in the pool, no frame
    of a request on the stack), or held by something else: a request that is not running the task, i.e. mostly one
    being turned away, or one on its way in or out."""
    jcmd = os.path.join(os.path.dirname(java), "jcmd")
    dumps = scale["thread_dumps"]
    lead = scale["storm_lead_s"]
    # jcmd takes seconds on a busy machine: the storm lasts long enough for the dumps, and a dump that ends later
    # than a second before the storm does is dropped (taken after the storm, it would count its threads idle).
    storm_s = math.ceil(lead + dumps * max(scale["thread_dump_gap_s"], 5) + 2)
    storm = load.wrk_start(app.base + path, CONNECTIONS, storm_s)
    ends = time.time() + storm_s - 1
    time.sleep(lead)
    counts = []
    while len(counts) < dumps and time.time() < ends:
        began = time.time()
        dump = subprocess.run([jcmd, str(app.process.pid), "Thread.print"], capture_output=True, text=True,
                              timeout=60).stdout
        if time.time() < ends:
            counts.append(classify(dump))
        time.sleep(max(0.0, scale["thread_dump_gap_s"] - (time.time() - began)))
    load.wrk_result(storm, path)
    time.sleep(scale["settle_s"])

    def mean(key):
        return sum(c[key] for c in counts) / len(counts) if counts else None

    found = {"dumps": counts, "workers": mean("workers"), "in_task": mean("in_task"), "idle": mean("idle"),
             "held_otherwise": mean("held_otherwise"),
             "held_otherwise_max": max((c["held_otherwise"] for c in counts), default=None),
             "method": "jcmd <pid> Thread.print during a storm like the storm's; executor-thread-N threads"}
    found["summary"] = "no dump ended within the storm" if not counts else (
        f"{found['workers']:.0f} worker threads, {found['in_task']:.0f} in the task, "
        f"{found['held_otherwise']:.1f} held otherwise (max {found['held_otherwise_max']}), {found['idle']:.0f} idle")
    return found


# Frames that a worker thread waiting for work has on its stack: the JDK's and the pool's own.
IDLE_FRAMES = re.compile(r"^\s+at (java\.|jdk\.|sun\.|org\.jboss\.threads\.|io\.netty\.util\.concurrent\."
                         r"|io\.quarkus\.runtime\.|io\.smallrye\.context\.)")


def classify(dump):
    """Counts of the worker pool's threads in one thread dump: in the task, idle, held otherwise."""
    counts = {"workers": 0, "in_task": 0, "idle": 0, "held_otherwise": 0}
    for block in dump.split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith(f'"{WORKER}'):
            continue
        counts["workers"] += 1
        frames = [line for line in lines if line.lstrip().startswith("at ")]
        if any("java.lang.Thread.sleep" in frame for frame in frames):
            counts["in_task"] += 1
        elif all(IDLE_FRAMES.match(frame) for frame in frames):
            counts["idle"] += 1
        else:
            counts["held_otherwise"] += 1
    return counts


# --- bursts ----------------------------------------------------------------------------------------------------------

def bursts(app, path, scale):
    """CAP + QUEUE + scale['burst_over'] requests sent at once, each on its own connection, a few times, the probe
    running meanwhile; every answer counted by status, every 503 timed from its own sending."""
    count = CAP + QUEUE + scale["burst_over"]
    rounds_n = scale["burst_rounds"]
    probe = load.PacedProbe(app.base, rounds_n * (TASK_S + 2))

    def run():
        rounds = []
        for _ in range(rounds_n):
            rows = load.H2load(app.base + path, count, requests=count, threads=2).rows(kill_after=TASK_S * 5 + STUCK_S)
            rejected = sorted(latency for _, status, latency in rows if status == 503)
            rounds.append({"requests": len(rows), "good": sum(1 for _, s, _ in rows if 200 <= s < 300),
                           "rejected": len(rejected), "timed_out": sum(1 for _, s, _ in rows if s == 504),
                           "other": sum(1 for _, s, _ in rows if s not in (503, 504) and not 200 <= s < 300),
                           "within_300ms": sum(1 for latency in rejected if latency <= 0.3),
                           "rejected_p90_ms": (load.percentile(rejected, 90) or 0) * 1000,
                           "good_p99_ms": (load.percentile([lat for _, s, lat in rows if 200 <= s < 300], 99)
                                           or 0) * 1000})
            time.sleep(1)
        return rounds

    rounds, measured = window(app, path, run)
    probe_result = probe.result()
    time.sleep(scale["settle_s"])
    rejected = sum(r["rejected"] for r in rounds)
    found = {"requests_each": count, "rounds": rounds, "probe": probe_result, "server": measured,
             "good": sum(r["good"] for r in rounds), "rejected": rejected,
             "timed_out": sum(r["timed_out"] for r in rounds),
             "share_within_300ms": sum(r["within_300ms"] for r in rounds) / rejected if rejected else None}
    log(f"frameworks burst {path}: {count} at once x {rounds_n}: {found['good']} good, {rejected} 503, "
        f"{found['timed_out']} 504, probe p99 {fmt_ms(probe_result['p99_ms'])}")
    return found


# --- polite clients ----------------------------------------------------------------------------------------------------

def polite(app, path, scale):
    """Polite clients, as overload.polite_path has them (an open loop at twice the cap, each client sending its next
    request an interval after its last, longer than any answer), and honouring Retry-After besides; sent from threads
    of this process, because h2load's --rps loses its pace on a server that closes the connection after a 503 (the
    load-shedding peer), and its clients then send as fast as a storm's. The server's CPU, answers and lag around."""
    cap = CAP / TASK_S
    interval = math.ceil(2 * TASK_S + 1)  # a running task, a full queue ahead of it, and a second to spare
    rate = 2 * cap
    clients = int(rate * interval)
    each = math.ceil(scale["polite_s"] / interval) + 1
    log(f"frameworks polite {path}: {rate:.0f} requests/s (2x the cap) from {clients} clients, one every {interval} s")
    host, port = app.base.split("//", 1)[1].split(":")
    rows = []  # (sent, status, latency), appended from every client's thread
    t0 = time.time() + 0.5

    def client(k):
        connection = http.client.HTTPConnection(host, int(port), timeout=TASK_S * 10)
        not_before = 0.0
        for j in range(each):
            time.sleep(max(0.0, t0 + k / rate + j * interval - time.time(), not_before - time.time()))
            sent = time.time()
            try:
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                status = answer.status
                retry_after = answer.getheader("Retry-After")
                if answer.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                status, retry_after = 0, None
                connection.close()
            answered = time.time()
            rows.append((sent, status, answered - sent))
            if status == 503 and retry_after and retry_after.isdigit():
                not_before = answered + int(retry_after)
        connection.close()

    def run():
        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(max(0.0, t0 + interval - time.time()))  # every client has started
        probe = load.PacedProbe(app.base, interval * (each - 1))
        probe_result = probe.result()
        for thread in threads:
            thread.join()
        return probe_result

    probe_result, measured = window(app, path, run)
    time.sleep(scale["settle_s"])
    start = t0 + interval
    end = start + interval * (each - 1)
    inside = [r for r in rows if start <= r[0] < end]
    good = [latency for _, status, latency in inside if 200 <= status < 300]
    rejected = [latency for _, status, latency in inside if status == 503]
    row = {"path": path, "cap_rps": cap, "offered_rps": len(inside) / (end - start), "clients": clients,
           "interval_s": interval, "good_rps": len(good) / (end - start),
           "rejected_share": len(rejected) / len(inside) if inside else None,
           "other": len(inside) - len(good) - len(rejected),
           "timed_out": sum(1 for _, status, _ in inside if status == 504),
           "no_answer": sum(1 for _, status, _ in inside if status == 0),
           "good_p99_ms": (load.percentile(good, 99) or 0) * 1000,
           "rejected_p99_ms": (load.percentile(rejected, 99) or 0) * 1000, "probe": probe_result, "server": measured}
    log(f"frameworks polite {path}: {row['good_rps']:.1f} good/s of {cap:.0f}, "
        f"{100 * (row['rejected_share'] or 0):.0f}% 503, {row['timed_out']} 504, "
        f"probe p99 {fmt_ms(probe_result['p99_ms'])}")
    return row


# --- a task made slow mid-run --------------------------------------------------------------------------------------

def adaptive(app, path, scale):
    """Closed-loop load while the task takes adaptive_fast_ms, then the task made slower (adaptive_slow_ms) through
    the server's PUT /sync-task/delay; good answers and 503s by the second."""
    fast, slow = scale["adaptive_fast_ms"], scale["adaptive_slow_ms"]
    switch(app, fast)
    connections = scale["adaptive_connections"]
    times = scale["frameworks_adaptive"]
    if times["warm_s"]:
        load.H2load(app.base + path, connections, seconds=times["warm_s"]).rows(kill_after=times["warm_s"] + STUCK_S)
    time.sleep(scale["settle_s"])
    before_s, after_s = times["before_s"], times["after_s"]

    def run():
        started = load.H2load(app.base + path, connections, seconds=before_s + after_s)
        probe = load.PacedProbe(app.base, before_s + after_s - 1)
        time.sleep(max(0.0, started.started + before_s - time.time()))
        tries = switch(app, slow)
        flipped = time.time() - started.started
        return started, probe.result(), flipped, tries

    (run_, probe_result, flipped, tries), measured = window(app, path, run)
    rows = run_.rows(kill_after=max(0.0, run_.started + before_s + after_s + STUCK_S - time.time()))
    switch(app, int(TASK_S * 1000))
    time.sleep(scale["settle_s"])
    seconds = load.by_second(rows, run_.started, run_.started + before_s + after_s)
    summary = overload.summarise(seconds, before_s, dict(scale, adaptive_tail_s=times["tail_s"]))
    found = {"connections": connections, "fast_ms": fast, "slow_ms": slow, "flipped_at_s": flipped, "switch_tries": tries, "h2load_killed": run_.killed,
             "cap_before_rps": CAP / (fast / 1000), "cap_after_rps": CAP / (slow / 1000), "seconds": seconds,
             "summary": summary, "probe": probe_result, "server": measured,
             "timed_out": measured["statuses"].get("504", 0.0),
             "rejected": sum(second["rejected"] for second in seconds)}  # as the clients saw them
    log(f"frameworks adaptive {path}: good/s {summary['good_before'] or 0:.0f} of {found['cap_before_rps']:.0f} -> "
        f"{summary['good_after'] or 0:.1f} of {found['cap_after_rps']:.0f}; {found['timed_out']:.0f} 504")
    return found


def switch(app, ms, tries=200):
    """PUT /sync-task/delay?ms=...; again while it answers 503 (load shedding guards the peer's switch too), every
    50 ms, at most `tries` times. How many it took."""
    for attempt in range(1, tries + 1):
        status, _, body = offload.get(f"{app.base}/sync-task/delay?ms={ms}", method="PUT")
        if status == 200:
            return attempt
        if status != 503:
            break
        time.sleep(0.05)
    raise SystemExit(f"PUT /sync-task/delay answered {status}: {body}")
