#!/usr/bin/env python3
"""Measures Offload against its packaged jar and writes the raw results as JSON. Run through `bench/run`, which
installs the tools, builds the jars and selects the JDK.

Everything runs on this machine, over loopback: the server, the load generators (wrk, h2load) and the probe share
its cores, so the figures that matter are ratios within one run (before against after, loaded against idle, one
set of flags against another), not absolutes.

Phases (--phases picks some; all by default):
  strategies  each way to run the blocking task at several connection counts, the probe meanwhile
  cpu         the CPU endpoint on all cores and on one, CPython on the same sum
  storm       1000 closed-loop connections per path that ignore Retry-After: the door's three ways to turn a
              client away, and the service before the door (--before-jar), each a server start of its own;
              then bursts far over the limit on each path
  polite      an open loop at twice each lane's admission cap
  adaptive    a steady load on /sync-route while the task goes from fast to slow, each limit algorithm in turn
  frameworks  the door, SmallRye Fault Tolerance's bulkhead, quarkus-load-shedding (bench/load-shedding-peer,
              --peer-jar) and plain @Blocking side by side under the same cap: the storm, bursts, polite clients
              and a task made slow mid-run
  startup     first answer and memory, plain jar and AOT cache, default and chosen flags, in turns
  sweep       idle memory under candidate JVM flags
  detector    the blocking-call detector's cost: the same loads with it off and on
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone

import footprint
import frameworks
import overload
import strategies
from load import offload

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASES = ["strategies", "cpu", "storm", "polite", "adaptive", "frameworks", "startup", "sweep", "detector"]
ALGORITHMS = ["fixed", "gradient2", "vegas", "aimd"]

FULL = {
    "quick": False, "settle_s": 3, "idle_probe_s": 8,
    "strategy_s": 10, "strategy_connections": [64, 256, 1000], "control_connections": [64],
    "cpu_s": 5, "cpu_parallel": [1, 2, 4, 8],
    "storm_lanes": overload.SEED_LANES, "storm_shed": list(overload.SHED), "storm_warm_s": 20, "storm_lead_s": 5, "storm_window_s": 12,
    "burst_over": 500, "burst_rounds": 2,
    "polite_lanes": ["to-thread", "sync-route", "run-in-threadpool"], "polite_s": 25,
    "adaptive_connections": 200, "adaptive_warm_s": 8, "adaptive_before_s": 20, "adaptive_after_s": 40,
    "adaptive_fast_ms": 200, "adaptive_slow_ms": 2000, "adaptive_tail_s": 10, "algorithms": ALGORITHMS,
    "thread_dumps": 5, "thread_dump_gap_s": 1.5,
    "frameworks_servers": [server["label"] for server in frameworks.SERVERS], "frameworks_warm_s": 20,
    "frameworks_adaptive": {"warm_s": 8, "before_s": 20, "after_s": 40, "tail_s": 10},
    "startup_rounds": 5, "loaded_rounds": 2, "idle_wait_s": 5, "footprint_warm_s": 6, "footprint_load_s": 8,
    "sweep_rounds": 2, "sweep_candidates": 0, "detector_rounds": 3, "detector_warm_s": 5, "detector_s": 10, "handoffs": 200000,
}
QUICK = dict(FULL, **{
    "quick": True, "settle_s": 1, "idle_probe_s": 2,
    "strategy_s": 2, "strategy_connections": [16], "control_connections": [4],
    "cpu_s": 2, "cpu_parallel": [1, 2],
    "storm_lanes": ["sync-route", "virtual-thread"], "storm_shed": ["tarpit", "no-tarpit"], "storm_warm_s": 2, "storm_lead_s": 1, "storm_window_s": 2,
    "burst_over": 100, "burst_rounds": 1,
    "polite_lanes": ["sync-route"], "polite_s": 5,
    "adaptive_connections": 100, "adaptive_warm_s": 2, "adaptive_before_s": 5, "adaptive_after_s": 6,
    "adaptive_tail_s": 3, "algorithms": ["fixed", "gradient2"], "thread_dumps": 1,
    "frameworks_servers": ["door", "fault-tolerance", "load-shedding"], "frameworks_warm_s": 0,
    "frameworks_adaptive": {"warm_s": 0, "before_s": 3, "after_s": 4, "tail_s": 2},
    "startup_rounds": 1, "loaded_rounds": 1, "idle_wait_s": 2, "footprint_warm_s": 3, "footprint_load_s": 2,
    "sweep_rounds": 1, "sweep_candidates": 2, "detector_rounds": 1, "detector_warm_s": 1, "detector_s": 2, "handoffs": 5000,
})


def log(message):
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    with open("/proc/meminfo") as info:
        mem_kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 1024 / 1024, 1),
            "kernel": platform.release(), "os": platform.platform()}


def versions(java):
    java_version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0].strip()
    h2load_version = subprocess.run(["h2load", "--version"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(ROOT, "pom.xml")) as pom:
        quarkus = next(line.split(">")[1].split("<")[0] for line in pom if "<quarkus.platform.version>" in line)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    # The jar is built from the working tree: a figure of uncommitted code must not carry a commit's name alone.
    changed = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "pom.xml"],
                             capture_output=True, text=True).stdout.strip()
    if changed:
        commit += " with uncommitted changes"
    return {"java": java_version, "quarkus": quarkus, "wrk": wrk_version, "h2load": h2load_version,
            "python": platform.python_version(), "commit": commit}


def load_average():
    with open("/proc/loadavg") as average:
        return [float(x) for x in average.read().split()[:3]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", required=True, help="the java binary to run the jars with")
    parser.add_argument("--jar", required=True, help="the plain packaged jar (quarkus-run.jar)")
    parser.add_argument("--aot-jar", help="the jar beside its AOT cache (app.aot), from ./mvnw verify -Paot")
    parser.add_argument("--before-jar", help="the jar of the service before the door, for the storm")
    parser.add_argument("--before-commit", help="the commit --before-jar was built from")
    parser.add_argument("--before-root", help="the source tree of --before-jar (its application.properties)")
    parser.add_argument("--paused-jar", help="the jar of a door that paused rejected connections' reads, for the storm")
    parser.add_argument("--paused-commit", help="the commit --paused-jar was built from")
    parser.add_argument("--paused-root", help="the source tree of --paused-jar (its application.properties)")
    parser.add_argument("--peer-jar", help="bench/load-shedding-peer's jar, for the frameworks phase")
    parser.add_argument("--blockhound", help="BlockHound's jar, for the detector phase's comparison")
    parser.add_argument("--out", required=True, help="where to write the raw JSON")
    parser.add_argument("--command", default="bench/run", help="the command line to record")
    parser.add_argument("--quick", action="store_true", help="a smoke run: the pipeline, not the numbers")
    parser.add_argument("--phases", default=",".join(PHASES), help="which phases, comma-separated")
    args = parser.parse_args()
    for key in ("jar", "peer_jar", "aot_jar", "before_jar", "before_root", "paused_jar", "paused_root"):
        if getattr(args, key):
            setattr(args, key, os.path.abspath(getattr(args, key)))  # the jars run in their own folders
    scale = QUICK if args.quick else FULL
    phases = args.phases.split(",")
    unknown = [p for p in phases if p not in PHASES]
    if unknown:
        parser.error(f"unknown phases {unknown}; known: {PHASES}")
    log_dir = os.path.join(os.path.dirname(os.path.abspath(args.out)), "logs")
    os.makedirs(log_dir, exist_ok=True)

    started = time.time()
    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "command": args.command,
               "quick": args.quick, "machine": machine(), "versions": versions(args.java), "scale": scale,
               "load_average_at_start": load_average(), "phases": {}}
    if set(phases) != set(PHASES) and os.path.exists(args.out):
        # Some phases run again: the others' results stay, and each phase records its own run.
        with open(args.out) as earlier:
            kept = json.load(earlier)
        if kept.get("quick") == args.quick:
            results = dict(kept, phases=kept.get("phases", {}))
        else:
            log(f"{args.out} is of the other scale (--quick or not): it is replaced, not merged")

    def save():
        results["duration_s"] = round(time.time() - started)
        with open(args.out, "w") as out:
            json.dump(results, out, indent=1)
            out.write("\n")

    def phase(name, run):
        if name not in phases:
            return
        log(f"phase {name}")
        began = time.time()
        results[name] = run()
        results["phases"][name] = {"seconds": round(time.time() - began), "load_average_after": load_average(),
                                   "command": args.command, "commit": versions(args.java)["commit"],
                                   "when": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        save()

    limits = overload.lane_limits(ROOT)
    probe_app = None

    def paths():
        nonlocal probe_app
        if probe_app is None:
            app = offload.App(os.path.join(log_dir, "openapi.log"), jar=args.jar, java_bin=args.java)
            try:
                probe_app = overload.seed_paths(app.base)
            finally:
                app.stop()
        return probe_app

    phase("strategies", lambda: strategies.compare(args.java, args.jar, scale, log_dir))
    phase("cpu", lambda: strategies.cpu(args.java, args.jar, scale, log_dir))

    def storm():
        found = {"connections": overload.STORM_CONNECTIONS, "task": overload.TASK, "limits": limits, "servers": []}
        if args.before_jar:
            before_limits = overload.lane_limits(args.before_root, before=True)
            found["before_commit"] = args.before_commit
            found["servers"].append(overload.storm_server(
                "before", args.java, args.before_jar, {}, paths(), before_limits, scale, log_dir, bursts=True))
        if args.paused_jar:
            found["paused_commit"] = args.paused_commit
            found["servers"].append(overload.storm_server(
                "pause-reads", args.java, args.paused_jar, {}, paths(), overload.lane_limits(args.paused_root), scale,
                log_dir))
        for label in scale["storm_shed"]:
            props = overload.SHED[label]
            found["servers"].append(overload.storm_server(
                label, args.java, args.jar, props, paths(), limits, scale, log_dir, bursts=label == "tarpit"))
        return found

    phase("storm", storm)
    phase("polite", lambda: overload.polite(args.java, args.jar, paths(), limits, scale, log_dir))
    phase("adaptive", lambda: [overload.adaptive(args.java, args.jar, algorithm, scale, log_dir)
                               for algorithm in scale["algorithms"]])
    phase("frameworks", lambda: frameworks.compare(args.java, args.jar, args.peer_jar, scale, log_dir))
    phase("startup", lambda: footprint.startup(args.java, args.jar, args.aot_jar, scale, log_dir))
    phase("sweep", lambda: footprint.sweep(args.java, args.jar, args.aot_jar, scale, log_dir))
    phase("detector", lambda: dict(strategies.detector(args.java, args.jar, scale, log_dir),
                                   detectors=strategies.detector_cost(args.java, args.blockhound, scale)))
    save()
    log(f"raw results in {args.out}, {results['duration_s']} s in all")


if __name__ == "__main__":
    sys.exit(main())
