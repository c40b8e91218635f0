"""Issue 14's phases: time to first answer and memory, for the plain jar and the jar with the JDK's AOT cache, with
the JVM's default flags and with the service's own (the pom's offload.jvm.args); and a sweep of flags towards a
smaller idle footprint.

Each variant is started several times, the variants taking turns, so that whatever else the machine does at a
moment falls on all of them alike. First answer: from launching java to the first 200 from GET /ping, polled every
5 ms. Idle memory: the process's resident set some seconds after that first answer. Some of the starts then carry
the same loads (a blocking phase and a CPU phase), which give the throughput with each set of flags and the memory
after load.
"""
import os
import re
import shlex
import time

import load
from load import offload

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What the loads need: a 200 ms task, and the @Blocking lane opened to 192 (the 200 worker threads less a margin),
# so that the worker pool fills. They change no memory at idle.
LOAD_PROPS = {"offload.sync-task.delay": "200ms", "offload.lanes.sync-route.max-concurrent": "192",
              "offload.lanes.sync-route.queue": "1000"}
LOADS = [  # (key, path, connections, what)
    ("virtual", "/sync-route/virtual", 1000, "blocking: @RunOnVirtualThread, 1000 connections, 200 ms task"),
    ("workers", "/sync-route", 192, "blocking: @Blocking on the worker pool, 192 connections, 200 ms task"),
    ("cpu", "/cpu-bound-task?n=10000000", 4, "CPU: /cpu-bound-task n = 10^7, 4 connections"),
]
AOT_FLAGS = ["-XX:AOTCache=app.aot", "-XX:AOTMode=on"]  # on: a cache the JVM cannot use stops the start, loudly


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def chosen_flags():
    """The JVM options the service runs with and its AOT cache is trained with: the pom's offload.jvm.args."""
    with open(os.path.join(ROOT, "pom.xml")) as pom:
        found = re.search(r"<offload\.jvm\.args>(.*?)</offload\.jvm\.args>", pom.read())
    return shlex.split(found.group(1))


def variants(plain_jar, aot_jar):
    chosen = chosen_flags()
    found = [{"key": "plain-default", "what": "plain jar, the JVM's default flags", "jar": plain_jar, "flags": []},
             {"key": "plain-chosen", "what": "plain jar, " + " ".join(chosen), "jar": plain_jar, "flags": chosen}]
    if aot_jar:
        found.append({"key": "aot-chosen", "what": "jar with its AOT cache, " + " ".join(chosen), "jar": aot_jar,
                      "flags": AOT_FLAGS + chosen})
    return found


def sweep_candidates(plain_jar, aot_jar):
    """Flags towards 120 MiB idle: heap sizing, the collector for a 1- or 2-CPU container, thread pools."""
    heap = ["-Xms16m", "-Xmx256m"]
    serial = ["-XX:+UseSerialGC"] + heap
    trim = ["-XX:TrimNativeHeapInterval=1000"]  # gives the C heap the JIT compilers freed back to the system
    found = [
        ("G1 (the default on 2 CPUs)", plain_jar, []),
        ("SerialGC", plain_jar, ["-XX:+UseSerialGC"]),
        ("G1 -Xms16m -Xmx256m", plain_jar, heap),
        ("ParallelGC -Xms16m -Xmx256m (the container image's run-java.sh picks ParallelGC)", plain_jar,
         ["-XX:+UseParallelGC"] + heap),
        ("SerialGC -Xms16m -Xmx256m", plain_jar, serial),
        ("SerialGC -Xms16m -Xmx256m -XX:TrimNativeHeapInterval=1000", plain_jar, serial + trim),
        ("SerialGC -Xms16m -Xmx128m -XX:TrimNativeHeapInterval=1000", plain_jar,
         ["-XX:+UseSerialGC", "-Xms16m", "-Xmx128m"] + trim),
        ("the above with 256 MiB, 1 event loop and 8 worker threads at most", plain_jar,
         serial + trim + ["-Dquarkus.vertx.event-loops-pool-size=1", "-Dquarkus.thread-pool.max-threads=8"]),
        ("the above with 256 MiB, C1 only (-XX:TieredStopAtLevel=1)", plain_jar,
         serial + trim + ["-XX:TieredStopAtLevel=1"]),
        ("1 CPU seen (-XX:ActiveProcessorCount=1), the JVM's own choices", plain_jar, ["-XX:ActiveProcessorCount=1"]),
    ]
    return [{"what": what, "jar": jar, "flags": flags} for what, jar, flags in found]


def start(variant, java, log_dir, label):
    app = offload.App(os.path.join(log_dir, f"footprint-{label}.log"), props=LOAD_PROPS, jar=variant["jar"],
                      jvm_args=variant["flags"], java_bin=java)
    return app


def one_start(variant, java, scale, log_dir, label, loaded):
    app = start(variant, java, log_dir, label)
    try:
        sample = {"first_answer_ms": app.first_answer_ms, "cpu_to_first_answer_s": app.first_answer_cpu_s}
        time.sleep(scale["idle_wait_s"])
        sample["idle"] = app.memory_mib()
        sample["threads_idle"] = len(os.listdir(f"/proc/{app.process.pid}/task"))
        if loaded:
            sample["loads"] = {}
            for key, path, connections, _ in LOADS:
                sample["loads"][key] = load.measured(app, path, connections, scale["footprint_warm_s"],
                                                     scale["footprint_load_s"])
            time.sleep(scale["idle_wait_s"])
            sample["after_load"] = app.memory_mib()
            sample["threads_after_load"] = len(os.listdir(f"/proc/{app.process.pid}/task"))
        return sample
    finally:
        app.stop()


def startup(java, plain_jar, aot_jar, scale, log_dir):
    """Every variant, `startup_rounds` times in turns; the first `loaded_rounds` of them loaded."""
    found = variants(plain_jar, aot_jar)
    for variant in found:
        variant["starts"] = []
    for round_ in range(scale["startup_rounds"]):
        for variant in found:
            loaded = round_ < scale["loaded_rounds"]
            sample = one_start(variant, java, scale, log_dir, variant["key"], loaded)
            variant["starts"].append(sample)
            log(f"start {round_ + 1} {variant['key']}: first answer {sample['first_answer_ms']:.0f} ms, "
                f"idle {sample['idle']['rss']:.0f} MiB" + (
                    f", after load {sample['after_load']['rss']:.0f} MiB, " + ", ".join(
                        f"{k} {v['good_rps']:.0f}/s" for k, v in sample["loads"].items()) if loaded else ""))
    for variant in found:
        variant["jar"] = os.path.relpath(variant["jar"], ROOT)
    return {"variants": found, "loads": [{"key": k, "path": p, "connections": c, "what": w} for k, p, c, w in LOADS],
            "load_props": LOAD_PROPS}


def sweep(java, plain_jar, aot_jar, scale, log_dir):
    """Idle memory and first answer of each candidate, `sweep_rounds` starts each in turns; `sweep_candidates` of
    them when it is not 0 (the first ones and the last, for a smoke run)."""
    candidates = sweep_candidates(plain_jar, aot_jar)
    if 0 < scale["sweep_candidates"] < len(candidates):
        candidates = candidates[:scale["sweep_candidates"] - 1] + candidates[-1:]
    for candidate in candidates:
        candidate["starts"] = []
    for _ in range(scale["sweep_rounds"]):
        for i, candidate in enumerate(candidates):
            app = start(candidate, java, log_dir, f"sweep-{i}")
            try:
                first = app.first_answer_ms
                time.sleep(scale["idle_wait_s"])
                candidate["starts"].append({"first_answer_ms": first, "idle": app.memory_mib()})
            finally:
                app.stop()
    for candidate in candidates:
        candidate["jar"] = os.path.relpath(candidate["jar"], ROOT)
        log(f"sweep {candidate['what']}: idle " + ", ".join(f"{s['idle']['rss']:.0f}" for s in candidate["starts"])
            + " MiB")
    return candidates
