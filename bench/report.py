#!/usr/bin/env python3
"""Turns bench/bench.py's raw JSON into docs/benchmarks.md and its PNG charts. Nothing in either is typed by hand,
except the figures recorded elsewhere (FastAPI, the native executable), which are labelled as not measured here.

usage: bench/report.py RESULTS.json --markdown docs/benchmarks.md --charts bench/results
"""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

# The targets of issues 11 and 14.
STORM_GOOD = 0.9       # good answers a second in the storm, at least this share of the lane's admission cap
STORM_PROBE = 3.0      # the probe's p99 in the storm, at most this times its idle p99
STORM_LAG_MS = 10.0    # the service's own event-loop lag p99 in the storm, at most this
CHEAPER = 3.0          # CPU time per 503, before the door / after, at least this
BURST_SHARE = 0.9      # of a burst's 503s, at least this share within 0.3 s of sending
AOT_SHARE = 0.4        # first answer with the AOT cache, at most this share of the plain jar's
IDLE_RSS_MIB = 120.0   # idle resident memory with the chosen flags, at most this
THROUGHPUT_KEPT = 0.9  # throughput with the chosen flags or the cache, at least this share of the defaults'

# Recorded in the issues, not measured by this script: shown as such, never mixed with this run's figures.
FASTAPI_ISSUE_11 = [  # load, FastAPI good/s, Offload good/s, Offload 503/s, probe p99/idle FastAPI, Offload
    ("/async-call, 100 connections", "3.0", "30.0", "0", "1.2x", "0.8x"),
    ("/sync-route, 100", "19.7", "30.8", "0", "1.0x", "0.9x"),
    ("/method3, 100", "18.4", "30.1", "0", "1.1x", "1.05x"),
    ("/async-call, 1000", "2.8", "29.2", "20,000", "0.3x", "47x"),
    ("/sync-route, 1000", "18.3", "29.3", "9,800", "1.0x", "29x"),
    ("/method3, 1000", "18.3", "29.2", "11,100", "1.0x", "64x"),
]
NATIVE_ISSUE_14 = {"first": "0.17 to 0.25 s", "rss": "51 MiB",
                   "jar_first": "3.3 to 4.9 s", "jar_rss": "146 to 155 MiB"}


def fmt(value, digits=1):
    return "n/a" if value is None else f"{value:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def probe_p99(probe):
    """A probe's p99 in ms for a table: when not one probe answered during the run, it says so."""
    return "none answered" if not probe["requests"] else fmt(probe["p99_ms"], 1)


def probe_ratio(probe, idle):
    return "none answered" if not probe["requests"] else f"{fmt(ratio(probe['p99_ms'], idle), 1)}x"


def verdict(ok):
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def servers(results):
    return {server["label"]: server for server in (results.get("storm") or {}).get("servers", [])}


def storm_row(server, lane):
    return next((row for row in server.get("paths", []) if row["lane"] == lane), None)


# --- targets -----------------------------------------------------------------------------------------------------

def targets(results):
    rows = []
    found = servers(results)
    door = found.get("tarpit") or found.get("pause-reads")
    before = found.get("before")
    if door:
        idle = door["idle_probe"]["p99_ms"]
        for row in door["paths"]:
            share = ratio(row["good_rps"], row["cap_rps"])
            rows.append((f"storm `{row['path']}`: good answers / admission cap", f">= {STORM_GOOD}",
                         fmt(share, 2), verdict(share is not None and share >= STORM_GOOD)))
            probe = ratio(row["probe"]["p99_ms"], idle)
            rows.append((f"storm `{row['path']}`: probe p99 / idle p99", f"<= {STORM_PROBE:.0f}x",
                         f"{fmt(probe, 1)}x", verdict(probe is not None and probe <= STORM_PROBE)))
            lag = row["lag"]["p99_ms"]
            rows.append((f"storm `{row['path']}`: event-loop lag p99", f"<= {STORM_LAG_MS:.0f} ms",
                         "n/a" if lag is None else f"<= {fmt(lag, 1)} ms (histogram bucket)",
                         verdict(None if lag is None else lag <= STORM_LAG_MS)))
            old = storm_row(before, row["lane"]) if before else None
            if old and old["rejected"] and row["rejected"]:
                for label in SHED_LABELS:
                    after = storm_row(found.get(label) or {}, row["lane"])
                    if not after:
                        continue
                    cheaper = ratio(old["cpu_per_503_us"], after and after["cpu_per_503_us"])
                    rows.append((f"storm `{row['path']}`: CPU per 503, before / {label}", f">= {CHEAPER:.0f}x",
                                 f"{fmt(cheaper, 1)}x ({fmt(old['cpu_per_503_us'], 0)} -> "
                                 f"{fmt(after and after['cpu_per_503_us'], 0)} µs)",
                                 verdict(None if cheaper is None else cheaper >= CHEAPER)))
                less = ratio(old["cores"], row["cores"])
                rows.append((f"storm `{row['path']}`: CPU used by the service, before / after (cores)",
                             "(no target)", f"{fmt(less, 1)}x ({fmt(old['cores'], 2)} -> {fmt(row['cores'], 2)})",
                             ""))
        for burst in door.get("bursts", []):
            share = burst["share_within_300ms"]
            rows.append((f"burst `{burst['path']}`: 503s within 0.3 s of sending", f">= {BURST_SHARE:.0%}",
                         "no 503s" if share is None else f"{share:.0%}",
                         verdict(None if share is None else share >= BURST_SHARE)))
    startup = variants(results)
    plain, chosen, aot = startup.get("plain-default"), startup.get("plain-chosen"), startup.get("aot-chosen")
    if aot and chosen:
        for label, base in (("the plain jar, same flags", chosen), ("the plain jar, the JVM's defaults", plain)):
            if base:
                share = ratio(aot["first_ms"], base["first_ms"])
                rows.append((f"first answer with the AOT cache / {label}", f"<= {AOT_SHARE:.0%}",
                             f"{fmt(100 * share, 0)}%" if share is not None else "n/a",
                             verdict(share is not None and share <= AOT_SHARE)))
    for key in ("plain-chosen", "aot-chosen"):
        variant = startup.get(key)
        if variant:
            rows.append((f"idle RSS, {variant['what']}", f"<= {IDLE_RSS_MIB:.0f} MiB",
                         f"{fmt(variant['idle_rss'], 0)} MiB", verdict(variant["idle_rss"] <= IDLE_RSS_MIB)))
    if plain:
        for key in ("plain-chosen", "aot-chosen"):
            variant = startup.get(key)
            for load in (variant or {}).get("loads", {}):
                kept = ratio(variant["loads"][load], plain["loads"].get(load))
                rows.append((f"{load} throughput, {key} / plain-default", f">= {THROUGHPUT_KEPT}",
                             fmt(kept, 2), verdict(kept is not None and kept >= THROUGHPUT_KEPT)))
    return rows


# --- storm, bursts, polite -----------------------------------------------------------------------------------------

SHED_LABELS = ("tarpit", "no-tarpit", "pause-reads", "no-pause", "in-the-filter", "untraced", "untimed")
SHED_WHAT = {
    "before": "the service before the door (admission on the worker, after dispatch)",
    "tarpit": "the door, default: a connection that retries within Retry-After of its last 503 gets its next 503 when "
              "Retry-After has passed (public API only, since issue 22)",
    "no-tarpit": "the door, no tarpit (`offload.lanes.shed.tarpit=false`): a full lane's 503 answered at once, before "
                 "routing, ahead of Quarkus REST",
    "pause-reads": "the door before issue 22, its default: rejected connection not read until Retry-After has passed "
                   "(Vert.x internals, since dropped)",
    "no-pause": "the door, reads never paused (`offload.lanes.shed.pause-reads=false`): a full lane's 503 answered "
                "before routing, ahead of Quarkus REST",
    "in-the-filter": "the door, no tarpit, and every 503 answered by the door's filter inside Quarkus REST "
                     "(`offload.lanes.shed.before-routing=false`): the door as it was before the 503 moved ahead",
    "close-connection": "the door, no tarpit, `Connection: close` on every 503 (`offload.lanes.shed.close-connection=true`)",
    "untraced": "(before issue 22, since dropped) the door, reads never paused, and no span for a request turned away before routing "
                "(`offload.lanes.shed.traced=false`): the 503 decided in the tracer as the request arrives",
    "untimed": "(before issue 22, since dropped) the door, reads never paused, and neither span nor `http.server.requests` timer for a request turned "
               "away before routing (`offload.lanes.shed.traced=false`, `offload.lanes.shed.timed=false`): the 503 "
               "decided in Vert.x's metrics as the request arrives",
}


def gc_pauses(gc):
    """A window's GC pauses as the storm table shows them: how many, and the time paused in all."""
    return "n/a" if not gc else f"{gc['pauses']} ({fmt(gc['pause_ms'], 0)})"


def storm_section(results, chart):
    storm = results.get("storm")
    if not storm:
        return []
    found = servers(results)
    before = found.get("before")
    out = ["## The storm: closed-loop clients that ignore Retry-After", "",
           f"{storm['connections']} wrk connections on one path at a time, each sending its next request the moment "
           f"an answer arrives, 503 or not; `syncTask` takes {storm['task']}, and the limits are the documented "
           "defaults (`src/main/resources/application.properties`), so a lane's admission cap is its max-concurrent "
           "divided by 2 s. The window is measured from the service's own metrics: its process CPU time (from "
           "`/proc`), its answers by status (`http_server_requests_seconds_count`; for the untimed server, which leaves the "
           "503s it sends before routing out of it, its 503s are the lane's own count, `offload_lane_rejected_total`) "
           "and its event-loop lag histogram (`offload_event_loop_lag_seconds`); the probe is `GET /ping` at 50 requests a second over one "
           "more connection (h2load). Each row of servers is a start of its own.", ""]
    rows = []
    for label in SHED_WHAT:
        server = found.get(label)
        if not server:
            continue
        idle = server["idle_probe"]["p99_ms"]
        for row in server["paths"]:
            old = storm_row(before, row["lane"]) if before and label != "before" else None
            cheaper = ratio(old and old["cpu_per_503_us"], row["cpu_per_503_us"])
            rows.append((label, f"`{row['path']}`", fmt(row["cap_rps"], 0), fmt(row["good_rps"], 1),
                         fmt(ratio(row["good_rps"], row["cap_rps"]), 2), fmt(row["rejected_rps"], 0),
                         fmt(row["cores"], 2), fmt(row["cpu_per_503_us"], 0),
                         "" if cheaper is None else f"{fmt(cheaper, 1)}x",
                         fmt(row["probe"]["p99_ms"], 1), f"{fmt(ratio(row['probe']['p99_ms'], idle), 1)}x",
                         "n/a" if row["lag"]["p99_ms"] is None else f"<= {fmt(row['lag']['p99_ms'], 1)}",
                         gc_pauses(row.get("gc")), int(row["other"])))
    out.append(table(["server", "path", "cap /s", "good /s", "good / cap", "503 /s", "cores used",
                      "CPU µs per 503", "cheaper than before", "probe p99 ms", "probe p99 / idle",
                      "lag p99 ms", "GC pauses (ms paused)", "other statuses"], rows))
    out += ["", "Servers:", ""]
    out += [f"- **{label}**: {SHED_WHAT[label]}; idle probe p99 {fmt(found[label]['idle_probe']['p99_ms'], 2)} ms"
            + (f" (commit {storm.get('before_commit')})" if label == "before" else "") + "."
            for label in SHED_WHAT if label in found]
    out += ["", "CPU µs per 503 is the process's CPU time over the window divided by the 503s it sent in it: it "
            "charges the good answers' cost to the 503s too, so it is an upper bound. Lag p99 is the upper bound "
            "of the histogram bucket that holds the 99th percentile. GC pauses are the JVM's stop-the-world pauses in the "
            "window (`jvm_gc_pause_seconds`, every collector and cause): each one stops the event loops too.", "",
            f"![storm]({chart})" if chart else "", ""]
    threads = []
    for label in ("before",) + SHED_LABELS:
        server = found.get(label)
        for row in (server or {}).get("paths", []):
            top = sorted(row["cpu_by_thread_s"].items(), key=lambda item: -item[1])[:4]
            threads.append((label, f"`{row['path']}`", ", ".join(f"{name} {spent:.1f} s" for name, spent in top)))
    if threads:
        out += ["Where the CPU went in each window (thread names with their numbers taken out, Linux keeps 15 "
                "characters):", "", table(["server", "path", "CPU seconds by kind of thread"], threads), ""]
    bursts = []
    for label in ("before", "tarpit", "pause-reads"):
        for burst in (found.get(label) or {}).get("bursts", []):
            for n, one in enumerate(burst["rounds"], 1):
                bursts.append((label, f"`{burst['path']}`", n, one["requests"], one["rejected"],
                               f"{one['within_300ms'] / one['rejected']:.0%}" if one["rejected"] else "n/a",
                               fmt(one["p50_ms"], 0), fmt(one["p90_ms"], 0), fmt(one["max_ms"], 0),
                               fmt(one["sending_spread_ms"], 0)))
    if bursts:
        out += ["## Bursts far over the limit", "",
                "max-concurrent + queue + more requests sent at once, each on its own connection (h2load), on a "
                "server that has just carried the storm; every 503 timed from its own sending.", "",
                table(["server", "path", "round", "requests", "503s", "503s within 0.3 s", "503 p50 ms",
                       "503 p90 ms", "503 max ms", "sending spread ms"], bursts), ""]
    return out


def polite_section(results):
    polite = results.get("polite")
    if not polite:
        return []
    idle = polite["idle_probe"]["p99_ms"]
    rows = [(f"`{row['path']}`", fmt(row["cap_rps"], 0), fmt(row["offered_rps"], 1), fmt(row["good_rps"], 1),
             fmt(ratio(row["good_rps"], row["cap_rps"]), 2), f"{fmt(100 * (row['rejected_share'] or 0), 0)}%",
             int(row["other"]), fmt(row["good_p99_ms"], 0), fmt(row["rejected_p99_ms"], 1),
             fmt(row["probe"]["p99_ms"], 1), f"{fmt(ratio(row['probe']['p99_ms'], idle), 1)}x")
            for row in polite["paths"]]
    return ["## Polite clients: a fixed arrival rate", "",
            "An open loop (h2load `--rps`): new requests arrive at a fixed rate, about twice the lane's admission "
            "cap, and each client waits longer than the longest answer before its next request, whatever the "
            "answer. This is what clients that honour Retry-After, or many independent users, look like.", "",
            table(["path", "cap /s", "offered /s", "good /s", "good / cap", "503", "other statuses",
                   "good p99 ms", "503 p99 ms", "probe p99 ms", "probe p99 / idle"], rows), ""]


# --- adaptive ----------------------------------------------------------------------------------------------------

def adaptive_section(results, chart):
    runs = results.get("adaptive")
    if not runs:
        return []
    first = runs[0]
    rows = []
    for run in runs:
        s = run["summary"]
        rows.append((run["algorithm"], fmt(s["limit_before"], 0), fmt(s["limit_min_after"], 0),
                     fmt(s["limit_end"], 0), fmt(s["good_before"], 0), fmt(s["good_after"], 1),
                     fmt(s["rejected_before"], 0), fmt(s["rejected_after"], 0), fmt(s["p99_before_ms"], 0),
                     fmt(s["p99_after_ms"], 0), int(s["other_after"])))
    return ["## Limits that follow latency", "",
            f"{first['connections']} closed-loop connections (h2load) on `{first['path']}` while `syncTask` takes "
            f"{first['fast_ms']} ms; {fmt(first['flipped_at_s'], 0)} s in, the benchmark flips it to "
            f"{first['slow_ms']} ms through `PUT /sync-task/delay` (on with `offload.sync-task.delay-switch=true`). "
            "Each algorithm is a start of its own (`offload.lanes.sync-route.limit`); the limit is the lane's "
            "`offload_lane_limit` gauge, read every second. Before is the mean of the last seconds before the "
            "flip, after the mean of the run's last seconds.", "",
            table(["limit", "limit before", "lowest after", "limit at the end", "good /s before",
                   "good /s after", "503 /s before", "503 /s after", "good p99 ms before", "good p99 ms after",
                   "other statuses after"], rows), "",
            f"![adaptive limits]({chart})", ""]


# --- frameworks (issue 23) -----------------------------------------------------------------------------------------

FRAMEWORK_LOADS = ("storm", "bursts", "polite", "adaptive")


def framework_rows(server):
    """(load, good /s, good / cap, 503s, CPU µs per 503, probe p99 ms, probe p99 / idle, probes not 200,
    lag p99 ms, 504s, client timeouts) of one server, a row per load."""
    idle = (server.get("idle_probe") or {}).get("p99_ms")
    cap = server["cap_rps"]

    def probe(found):
        return (fmt(found["p99_ms"], 1), f"{fmt(ratio(found['p99_ms'], idle), 1)}x",
                f"{found['failed']} of {found['requests']}")

    def lag(found):
        return "n/a" if found["p99_ms"] is None else f"<= {fmt(found['p99_ms'], 1)}"

    rows = []
    storm = server.get("storm")
    if storm:
        rows.append(("storm", fmt(storm["good_rps"], 1), fmt(ratio(storm["good_rps"], cap), 2),
                     f"{fmt(storm['rejected_rps'], 0)} /s", fmt(storm["cpu_per_503_us"], 0), *probe(storm["probe"]),
                     lag(storm["lag"]), int(storm["statuses_504"]), storm["client"]["errors"]["timeout"]))
    bursts = server.get("bursts")
    if bursts:
        sent = bursts["requests_each"] * len(bursts["rounds"])
        rows.append(("bursts", f"{bursts['good']} of {sent} sent", "", f"{bursts['rejected']} "
                     f"({fmt(100 * (bursts['share_within_300ms'] or 0), 0)}% within 0.3 s)",
                     fmt(bursts["server"]["cpu_per_503_us"], 0), *probe(bursts["probe"]),
                     lag(bursts["server"]["lag"]), int(bursts["timed_out"]), ""))
    polite = server.get("polite")
    if polite:
        rows.append(("polite, 2x the cap", fmt(polite["good_rps"], 1), fmt(ratio(polite["good_rps"], cap), 2),
                     f"{fmt(100 * (polite['rejected_share'] or 0), 0)}% of {fmt(polite['offered_rps'], 0)} /s",
                     fmt(polite["server"]["cpu_per_503_us"], 0), *probe(polite["probe"]),
                     lag(polite["server"]["lag"]), int(polite["timed_out"]), polite.get("no_answer", "")))
    adaptive = server.get("adaptive")
    if adaptive:
        s = adaptive["summary"]
        rows.append((f"task {adaptive['fast_ms']} -> {adaptive['slow_ms']} ms",
                     f"{fmt(s['good_before'], 0)} -> {fmt(s['good_after'], 1)}",
                     f"{fmt(ratio(s['good_before'], adaptive['cap_before_rps']), 2)} -> "
                     f"{fmt(ratio(s['good_after'], adaptive['cap_after_rps']), 2)}",
                     f"{fmt(s['rejected_before'], 0)} -> {fmt(s['rejected_after'], 0)} /s",
                     fmt(ratio(adaptive["server"]["cpu_s"] * 1e6, sum(second["rejected"] for second in
                                                                     adaptive["seconds"])), 0),
                     *probe(adaptive["probe"]),
                     lag(adaptive["server"]["lag"]), int(adaptive["timed_out"]), ""))
    return rows


def frameworks_section(results, chart):
    found = results.get("frameworks")
    if not found:
        return []
    out = ["## The framework's own answers, side by side (issue 23)", "",
           f"{len(found['servers'])} servers, each a start of its own, run `syncTask` ({found['task']}) under the "
           "same cap (the unbounded ones have none: their good / cap runs past 1), "
           f"{found['cap']} at once, so {fmt(found['cap'] / 2, 0)} good answers a second at most (cap / task "
           "time); the table's good / cap is against that. The loads, one after another on each server: the storm "
           f"({found['connections']} wrk connections that ignore Retry-After, measured as in the storm above), "
           "bursts (cap + 64 + more requests at once, each on its own connection), polite clients (an open loop "
           "at twice the cap; each client sends its next request 5 s after its last, or after Retry-After if that is "
           "later; sent from Python threads, because h2load's rate loses its pace on a server that closes "
           "connections), and a closed loop while the task goes from fast to slow through each server's "
           "`PUT /sync-task/delay` (before -> after: means over the seconds before the switch and the run's last "
           "seconds; the cap follows the task time).", "",
           "CPU µs per 503 is the server's CPU time over the load divided by the 503s it sent (an upper bound: the "
           "good answers' cost is in it). The probe is `GET /ping` at 50 a second from a thread of the benchmark "
           "(`load.PacedProbe`, on every server alike), its p99 over 200s only, against the same probe on the idle "
           "server; load shedding guards `/ping` too, so its probes can be shed. Lag p99 is the server's own "
           "event-loop lag meter (`offload_event_loop_lag_seconds`, the bucket holding the 99th percentile): the "
           "load-shedding peer has none, so n/a. 504s are counted by the clients; client timeouts are requests "
           "that got no answer in time (wrk's 10 s in the storm; 20 s for the polite clients). In the task made slow, "
           "CPU per 503 counts the 503s the clients received: a closed loop that stops hangs up on requests in "
           "flight, which the door counts as 503s of its own. The storm's good /s "
           "and 503s are the server's own counts (`http_server_requests_seconds_count`): for plain `@Blocking`, whose "
           "queue grows without bound, they include answers to connections that wrk had already given up on.", ""]
    rows = []
    for server in found["servers"]:
        if server.get("missing"):
            rows.append((server["label"], "**not measured**", server["missing"].replace("|", "/"), "", "", "", "", "",
                         "", "", "", ""))
            continue
        rows += [(server["label"], *row) for row in framework_rows(server)]
    out += [table(["server", "load", "good /s", "good / cap", "503s", "CPU µs per 503", "probe p99 ms",
                   "probe p99 / idle", "probes not 200", "lag p99 ms", "504s", "client timeouts"], rows), ""]
    if chart:
        out += [f"![frameworks]({chart})", ""]
    threads = [(server["label"], fmt(t["workers"], 0), fmt(t["in_task"], 0), f"{fmt(t['held_otherwise'], 1)} "
                f"(max {t['held_otherwise_max']})", fmt(t["idle"], 0), len(t["dumps"]))
               for server in found["servers"] if (t := server.get("threads")) and t["dumps"]]
    if threads:
        out += ["Worker threads during the storm: thread dumps (`jcmd <pid> Thread.print`) taken while a storm like "
                "the one above runs again, after its measured window, so that they cost the window nothing. Each "
                "`executor-thread-N` (the Quarkus worker pool) counts as in the task (`Thread.sleep` on its stack), "
                "idle (nothing on its stack but the JDK's and the pool's frames) or held otherwise: by a request "
                "that is not running the task, so mostly one being turned away, or one on its way in or out. Means "
                "over the dumps.", "",
                table(["server", "worker threads", "in the task", "held otherwise (max)", "idle", "dumps"], threads),
                ""]
    out += ["Servers:", ""]
    out += [f"- **{server['label']}**: {server['what']}"
            + (f" (Quarkus {found['peer_quarkus']})" if server["label"] == "load-shedding" and found.get("peer_quarkus")
               else "") + "." for server in found["servers"]]
    keys = found.get("fault_tolerance_keys")
    if keys:
        out += ["", "Fault Tolerance's settings, passed as system properties: "
                + ", ".join(f"`{key}={value}`" for key, value in keys.items()) + "."]
    return out + [""]


def frameworks_chart(results, path):
    found = results.get("frameworks")
    servers_ = [server for server in (found or {}).get("servers", []) if not server.get("missing")]
    if not servers_:
        return False
    figure, (good, probe) = plt.subplots(1, 2, figsize=(12, 4.2))
    width = 0.8 / len(servers_)
    for i, server in enumerate(servers_):
        cap, idle = server["cap_rps"], server["idle_probe"]["p99_ms"]
        storm, polite, adaptive = server.get("storm"), server.get("polite"), server.get("adaptive")
        shares = [ratio(storm and storm["good_rps"], cap), ratio(polite and polite["good_rps"], cap),
                  ratio(adaptive and adaptive["summary"]["good_after"], adaptive and adaptive["cap_after_rps"])]
        probes = [ratio((server.get(key) or {}).get("probe", {}).get("p99_ms"), idle) for key in FRAMEWORK_LOADS]
        xs = [j + i * width for j in range(3)]
        good.bar(xs, [share or 0 for share in shares], width, label=server["label"])
        probe.bar([j + i * width for j in range(len(FRAMEWORK_LOADS))], [p or 0 for p in probes], width,
                  label=server["label"])
    good.set_xticks([j + width * (len(servers_) - 1) / 2 for j in range(3)],
                    ["storm", "polite, 2x the cap", "after the task slowed"])
    good.axhline(1.0, color="grey", linestyle="--", linewidth=1)
    good.set_ylabel("good answers / cap")
    good.set_title("Good answers, as a share of the cap")
    probe.set_xticks([j + width * (len(servers_) - 1) / 2 for j in range(len(FRAMEWORK_LOADS))],
                     list(FRAMEWORK_LOADS))
    probe.set_yscale("log")
    probe.set_ylabel("probe p99 / idle p99 (log)")
    probe.set_title("GET /ping meanwhile")
    for axis in (good, probe):
        axis.legend(fontsize=8)
    return save(figure, path)


# --- strategies and CPU --------------------------------------------------------------------------------------------

def strategies_section(results, chart):
    found = results.get("strategies")
    if not found:
        return []
    idle = found["idle_probe"]["p99_ms"]
    rows = []
    for row in found["rows"]:
        load = row["load"]
        good = load["statuses"].get("200", 0) / (load["duration_us"] / 1e6)
        rows.append((row["strategy"], f"`{row['path']}`", row["connections"], fmt(good, 0),
                     f"{fmt(100 * good / row['ideal_rps'], 0)}%", fmt(load["latency_us"]["p50"] / 1000, 0),
                     fmt(load["latency_us"]["p99"] / 1000, 0), load["requests"] - load["statuses"].get("200", 0),
                     probe_p99(row["probe"]), probe_ratio(row["probe"], idle),
                     "n/a" if row["lag"]["p99_ms"] is None else f"<= {fmt(row['lag']['p99_ms'], 0)}"))
    return ["## Blocking strategies under load", "",
            f"wrk with N connections on each way to run the blocking task ({found['task_ms']} ms a request), "
            f"{found['seconds_per_run']} s a run, while the probe asks `GET /ping`. Ideal throughput is "
            "connections / task time. The worker-pool lanes were opened to 1000 running and 1000 waiting so that "
            "the pools behind the strategies are compared, not the default limits (the storm covers those). The "
            "Quarkus worker pool has 200 threads, so the worker-pool strategies top out near 1000/s; virtual "
            "threads have no such ceiling. The anti-pattern is the control: it sleeps on the event loop.", "",
            f"![strategies]({chart})", "",
            table(["strategy", "path", "connections", "200 /s", "of ideal", "p50 ms", "p99 ms", "not 200",
                   "probe p99 ms", "probe p99 / idle", "lag p99 ms"], rows), ""] + mixed_section(found, idle)


def mixed_section(found, idle):
    """Seed 003's one endpoint with two implementations, /calc/{x}?mode=auto, in the same server start."""
    mixed = found.get("mixed")
    if not mixed:
        return []
    rows = []
    for row in mixed:
        load = row["load"]
        good = load["statuses"].get("200", 0) / (load["duration_us"] / 1e6)
        rows.append((row["strategy"], f"`{row['path']}`", row["what"], row["connections"], fmt(good, 0),
                     fmt(load["latency_us"]["p50"] / 1000, 1), fmt(load["latency_us"]["p99"] / 1000, 1),
                     load["requests"] - load["statuses"].get("200", 0), probe_p99(row["probe"]),
                     probe_ratio(row["probe"], idle),
                     "n/a" if row["lag"]["p99_ms"] is None else f"<= {fmt(row['lag']['p99_ms'], 0)}"))
    return ["### Mixed work behind one endpoint", "",
            "`GET /calc/{x}` with `mode=auto` (the default): below 1000 the sync twin runs on a worker, from 1000 on "
            "the async twin waits 10 ms on an event-loop timer; wrk on each path in turn, in the same server start.",
            "", table(["strategy", "path", "what", "connections", "200 /s", "p50 ms", "p99 ms", "not 200",
                       "probe p99 ms", "probe p99 / idle", "lag p99 ms"], rows), ""]


def cpu_section(results):
    found = results.get("cpu")
    if not found:
        return []
    rows = []
    for n, all_ms in found["all_cores_ms"].items():
        one = found["one_core_ms"].get(n)
        rows.append((f"{int(n):,}", fmt(all_ms, 2), fmt(one, 2),
                     fmt(ratio(one, found["pool_threads"] * all_ms), 2)))
    out = ["## CPU-bound endpoint", "",
           "`GET /cpu-bound-task?n=...`: p50 of warm requests sent one after another over one kept-alive "
           f"connection, on the CPU pool with {found['pool_threads']} threads and, in a second start, with 1.", "",
           table(["n", "all cores ms", "one thread ms", "parallel efficiency (one / (threads x all))"], rows), ""]
    parallel = [(p["requests_in_flight"], fmt(p["rps"], 1), fmt(p["p50_ms"], 1))
                for p in found["parallel_requests"]]
    out += ["Requests in flight at once (n = 10,000,000):", "",
            table(["in flight", "req/s", "p50 ms"], parallel), ""]
    cpython = found.get("cpython")
    if cpython:
        java_ms = found["all_cores_ms"].get(str(cpython["n"]))
        out += [f"The same sum in {cpython['version']}, one process, one core: {fmt(cpython['ms'], 0)} ms "
                f"(n = {cpython['n']:,}); the Java endpoint took {fmt(ratio(java_ms, cpython['ms']), 3)} of that, "
                "HTTP included.", ""]
    return out


# --- start-up and memory -------------------------------------------------------------------------------------------

def variants(results):
    """{key: medians of a start-up variant}."""
    found = {}
    for variant in (results.get("startup") or {}).get("variants", []):
        starts = variant["starts"]
        loaded = [s for s in starts if "loads" in s]
        found[variant["key"]] = {
            "what": variant["what"], "starts": len(starts),
            "first_ms": median(s["first_answer_ms"] for s in starts),
            "first_min": min(s["first_answer_ms"] for s in starts),
            "first_max": max(s["first_answer_ms"] for s in starts),
            "cpu_s": median(s["cpu_to_first_answer_s"] for s in starts),
            "idle_rss": median(s["idle"]["rss"] for s in starts),
            "idle_anon": median(s["idle"]["anon"] for s in starts),
            "idle_file": median(s["idle"]["file"] for s in starts),
            "threads": median(s["threads_idle"] for s in starts),
            "after_rss": median(s["after_load"]["rss"] for s in loaded),
            "loads": {key: median(s["loads"][key]["good_rps"] for s in loaded)
                      for key in (loaded[0]["loads"] if loaded else {})},
            "per_cpu": {key: median(s["loads"][key]["requests_per_cpu_s"] for s in loaded)
                        for key in (loaded[0]["loads"] if loaded else {})},
        }
    return found


def startup_section(results, chart):
    startup = results.get("startup")
    if not startup:
        return []
    found = variants(results)
    plain = found.get("plain-default")
    rows = []
    for key, v in found.items():
        rows.append((v["what"], v["starts"], fmt(v["first_ms"], 0), f"{fmt(v['first_min'], 0)} to "
                     f"{fmt(v['first_max'], 0)}", f"{fmt(100 * ratio(v['first_ms'], plain['first_ms']), 0)}%"
                     if plain else "", fmt(v["cpu_s"], 2), fmt(v["idle_rss"], 0),
                     f"{fmt(v['idle_anon'], 0)} / {fmt(v['idle_file'], 0)}", fmt(v["threads"], 0),
                     fmt(v["after_rss"], 0)))
    out = ["## Start-up and memory, JVM mode", "",
           "Each variant started in turns with the others, so that what else the machine did fell on all alike; "
           "first answer is from launching `java` to the first 200 from `GET /ping`, polled every 5 ms; idle RSS "
           "is read from `/proc` a few seconds after it; medians over the starts. The loads run on the first "
           "starts, then RSS is read again.", "",
           f"![start-up and memory]({chart})", "",
           table(["variant", "starts", "first answer ms (median)", "range ms", "of the plain jar's",
                  "CPU s to first answer", "idle RSS MiB", "anonymous / file MiB", "threads idle",
                  "RSS after load MiB"], rows), ""]
    loads = startup["loads"]
    load_rows = []
    for key, v in found.items():
        for load in loads:
            if load["key"] in v["loads"]:
                load_rows.append((v["what"], load["what"], fmt(v["loads"][load["key"]], 0),
                                  fmt(ratio(v["loads"][load["key"]], plain["loads"].get(load["key"]))
                                      if plain else None, 2), fmt(v["per_cpu"][load["key"]], 0)))
    if load_rows:
        out += ["Throughput in the loads (wrk; `" + "`, `".join(f"{k}={v}" for k, v in
                                                                 startup["load_props"].items()) + "`):", "",
                table(["variant", "load", "200 /s", "of plain-default", "200s per CPU second"], load_rows), ""]
    out += [f"Recorded in issue 14, **not measured by this benchmark**: a native executable of commit a54562e, built "
            f"with GraalVM 25.0.2's builder outside CI on a machine of this kind, answered its first request "
            f"{NATIVE_ISSUE_14['first']} after launch at {NATIVE_ISSUE_14['rss']} RSS idle, against "
            f"{NATIVE_ISSUE_14['jar_first']} and {NATIVE_ISSUE_14['jar_rss']} for the jar on the same machine that "
            "day. This machine cannot build a native executable (no GraalVM, Mandrel or container engine).", ""]
    sweep = results.get("sweep")
    if sweep:
        rows = [(c["what"], len(c["starts"]), fmt(median(s["first_answer_ms"] for s in c["starts"]), 0),
                 fmt(median(s["idle"]["rss"] for s in c["starts"]), 0),
                 f"{fmt(median(s['idle']['anon'] for s in c['starts']), 0)} / "
                 f"{fmt(median(s['idle']['file'] for s in c['starts']), 0)}") for c in sweep]
        out += ["### Flags towards a smaller idle footprint", "",
                "Each candidate started in turns with the others; medians.", "",
                table(["flags", "starts", "first answer ms", "idle RSS MiB", "anonymous / file MiB"], rows), ""]
    return out


def detector_section(results):
    found = results.get("detector")
    if not found:
        return []
    rows = []
    for load in found["loads"]:
        off = [r[load["key"]] for r in found["rounds"]["off"]]
        on = [r[load["key"]] for r in found["rounds"]["on"]]
        cpu_off = median(r["cpu_us_per_request"] for r in off)
        cpu_on = median(r["cpu_us_per_request"] for r in on)
        rps_off = median(r["good_rps"] for r in off)
        rps_on = median(r["good_rps"] for r in on)
        rows.append((load["what"], fmt(rps_off, 0), fmt(rps_on, 0), fmt(ratio(rps_on, rps_off), 2),
                     fmt(cpu_off, 0), fmt(cpu_on, 0), fmt(ratio(cpu_on, cpu_off), 2)))
    return ["## The blocking-call detector's cost", "",
            "The same loads (wrk) on a start with the detector off (`offload.observe.blocking-detector.enabled="
            "false`, prod's default) and one with it on (dev's and test's default), the two taking turns, "
            f"{len(found['rounds']['off'])} rounds; medians. CPU is the whole process's, divided by the 200s.", "",
            table(["load", "200 /s off", "200 /s on", "on / off", "CPU µs per request off",
                   "CPU µs per request on", "on / off"], rows), ""] + detector_cost_section(found.get("detectors"))


def detector_cost_section(runs):
    if not runs:
        return []
    modes = list(dict.fromkeys(run["mode"] for run in runs))
    cost = {mode: median(run["ns_per_handoff"] for run in runs if run["mode"] == mode) for mode in modes}
    rows = [(mode, fmt(cost[mode] / 1000, 1), fmt(ratio(cost[mode], cost.get("none")), 2)) for mode in modes]
    calls = list(next(run for run in runs if run["mode"] == "none")["caught"]) if "none" in modes else []
    caught = []
    for call in calls:
        row = [call]
        for mode in modes:
            if mode != "none":
                # what the last run of the mode saw; every run makes the same calls
                by = [run for run in runs if run["mode"] == mode][-1]["caught"].get(call, "")
                row.append(f"yes ({by})" if by else "**no**")
        caught.append(row)
    return ["### The JFR detector against BlockHound", "",
            "`bench/DetectorCost.java`, each mode in a JVM of its own: two worker threads hand a token back and "
            "forth through a `SynchronousQueue` (every handoff parks, as a worker pool's threads do), with no "
            "detector, with the JFR stream the detector uses (every park recorded with its stack, kept only for "
            "event-loop threads), and with BlockHound 1.0.13 (which needs `-XX:+AllowRedefinitionToAddDeleteMethods` "
            "on JDK 25). This is the worst case for the JFR stream: nothing but parks.", "",
            table(["detector", "µs per handoff (median)", "of none"], rows), "",
            "Then one blocking call of each kind on a thread named like an event loop, and what each saw:", "",
            table(["blocking call"] + [mode for mode in modes if mode != "none"], caught), ""]


# --- charts --------------------------------------------------------------------------------------------------------

def save(figure, path):
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def storm_chart(results, path):
    found = servers(results)
    labels = [label for label in SHED_WHAT if label in found]
    if not labels:
        return False
    lanes = [row["lane"] for row in found[labels[-1]]["paths"]]
    figure, (cost, probe) = plt.subplots(1, 2, figsize=(12, 4.2))
    width = 0.8 / len(labels)
    for i, label in enumerate(labels):
        server = found[label]
        rows = [storm_row(server, lane) for lane in lanes]
        xs = [j + i * width for j in range(len(lanes))]
        cost.bar(xs, [(r or {}).get("cores") or 0 for r in rows], width, label=label)
        idle = server["idle_probe"]["p99_ms"]
        probe.bar(xs, [ratio((r or {}).get("probe", {}).get("p99_ms"), idle) or 0 for r in rows], width,
                  label=label)
    for axis in (cost, probe):
        axis.set_xticks([j + width * (len(labels) - 1) / 2 for j in range(len(lanes))], lanes)
        axis.legend(fontsize=8)
    cost.set_ylabel("service CPU, cores")
    cost.set_title("What the storm costs the service")
    probe.axhline(STORM_PROBE, color="grey", linestyle="--", linewidth=1)
    probe.set_ylabel("probe p99 / idle p99")
    probe.set_title("GET /ping during the storm")
    return save(figure, path)


def adaptive_chart(results, path):
    runs = results.get("adaptive")
    if not runs:
        return False
    figure, (limits, good) = plt.subplots(1, 2, figsize=(12, 4.2))
    for run in runs:
        seconds = run["seconds"]
        limits.plot([s["t"] for s in seconds], [s.get("limit") for s in seconds], label=run["algorithm"])
        good.plot([s["t"] for s in seconds], [s["good"] for s in seconds], label=run["algorithm"])
    for axis in (limits, good):
        axis.axvline(runs[0]["flipped_at_s"], color="grey", linestyle="--", linewidth=1)
        axis.set_xlabel(f"seconds (dashed: task {runs[0]['fast_ms']} ms -> {runs[0]['slow_ms']} ms)")
        axis.legend(fontsize=8)
    limits.set_ylabel("offload_lane_limit")
    limits.set_title("The sync-route lane's limit")
    good.set_ylabel("200s per second")
    good.set_title("Good answers")
    return save(figure, path)


def strategies_chart(results, path):
    found = results.get("strategies")
    if not found:
        return False
    idle = found["idle_probe"]["p99_ms"]
    figure, (good, probe) = plt.subplots(1, 2, figsize=(12, 4.2))
    keys = list(dict.fromkeys(row["strategy"] for row in found["rows"]))
    counts = sorted({row["connections"] for row in found["rows"]})
    width = 0.8 / len(counts)
    for i, count in enumerate(counts):
        rows = [next((r for r in found["rows"] if r["strategy"] == key and r["connections"] == count), None)
                for key in keys]
        xs = [j + i * width for j in range(len(keys))]
        good.bar(xs, [r["load"]["statuses"].get("200", 0) / (r["load"]["duration_us"] / 1e6) if r else 0
                      for r in rows], width, label=f"{count} connections")
        ratios = [ratio(r["probe"]["p99_ms"], idle) if r else None for r in rows]
        probe.bar(xs, [value or 0 for value in ratios], width, label=f"{count} connections")
        for x, r, value in zip(xs, rows, ratios):
            if r and value is None:  # not one probe answered during the run: no bar can show that
                probe.text(x, 1, "none\nanswered", ha="center", va="bottom", fontsize=7, color="darkred")
    for axis in (good, probe):
        axis.set_xticks([j + width * (len(counts) - 1) / 2 for j in range(len(keys))], keys, fontsize=8)
        axis.legend(fontsize=8)
    good.set_ylabel("200s per second")
    probe.set_yscale("log")
    probe.set_ylabel("probe p99 / idle p99 (log)")
    return save(figure, path)


def startup_chart(results, path):
    found = variants(results)
    if not found:
        return False
    keys = list(found)
    figure, (first, memory) = plt.subplots(1, 2, figsize=(12, 4.2))
    first.bar(keys, [found[k]["first_ms"] for k in keys])
    first.set_ylabel("first answer after launch, ms (median)")
    memory.bar(keys, [found[k]["idle_rss"] for k in keys], label="idle")
    memory.bar(keys, [(found[k]["after_rss"] or 0) - found[k]["idle_rss"] for k in keys],
               bottom=[found[k]["idle_rss"] for k in keys], alpha=0.5, label="added by the loads")
    memory.axhline(IDLE_RSS_MIB, color="grey", linestyle="--", linewidth=1)
    memory.set_ylabel("RSS MiB (dashed: 120 MiB)")
    memory.legend(fontsize=8)
    return save(figure, path)


# --- the page ------------------------------------------------------------------------------------------------------

def markdown(results, source, charts, report_dir):
    def chart_link(name):
        return os.path.relpath(os.path.join(charts, name), report_dir)

    versions = results["versions"]
    machine = results["machine"]
    out = ["# Benchmarks", "",
           f"Generated by `{results['command']}` on {results['when']} from `{source}`; rerun the command to regenerate this page and its charts. Do not "
           "edit by hand.", ""]
    reruns = sorted({(phase.get("command"), phase.get("commit")) for phase in results["phases"].values()
                     if phase.get("command") not in (None, results["command"])})
    for command, commit in reruns:
        names = [name for name, phase in results["phases"].items() if phase.get("command") == command]
        when = min(results["phases"][name].get("when", "") for name in names)[:16]
        out += [f"The phases {', '.join(names)} come from a later `{command}` (from {when}, commit {commit}).", ""]
    if results["quick"]:
        out += ["**A smoke run (`--quick`): short phases that check the pipeline. Its figures mean nothing.**", ""]
    out += ["Everything ran on one machine over loopback: the server, the load generators (wrk, h2load) and the "
            f"probe shared its {machine['cores']} cores, and the machine is shared with other work (load average "
            f"{results['load_average_at_start'][0]} at the start). Read the figures as ratios within this run, not "
            "as absolutes.", "",
            table(["", ""], [("CPU", f"{machine['cpu']} ({machine['cores']} cores)"),
                             ("memory", f"{machine['memory_gib']} GiB"), ("OS", machine["os"]),
                             ("Java", versions["java"]), ("Quarkus", versions["quarkus"]),
                             ("commit", versions["commit"]), ("wrk", versions["wrk"]),
                             ("h2load", versions["h2load"]), ("Python", versions["python"])]), ""]
    rows = targets(results)
    if rows:
        out += ["## Targets", "", "The targets of issues 11 and 14, against this run.", "",
                table(["claim", "target", "measured", ""], rows), ""]
    out += storm_section(results, chart_link("storm.png") if storm_chart(results, os.path.join(charts, "storm.png"))
                         else None)
    out += polite_section(results)
    if adaptive_chart(results, os.path.join(charts, "adaptive.png")):
        out += adaptive_section(results, chart_link("adaptive.png"))
    out += frameworks_section(results, chart_link("frameworks.png")
                              if frameworks_chart(results, os.path.join(charts, "frameworks.png")) else None)
    if strategies_chart(results, os.path.join(charts, "strategies.png")):
        out += strategies_section(results, chart_link("strategies.png"))
    out += cpu_section(results)
    if startup_chart(results, os.path.join(charts, "startup.png")):
        out += startup_section(results, chart_link("startup.png"))
    out += detector_section(results)
    out += ["## FastAPI, as recorded in issue 11 (not measured by this benchmark)", "",
            "The seeds' FastAPI app and Offload before the door (commit a54562e), side by side in one run recorded "
            "in issue 11: wrk, 24 s a phase, 2 s `syncTask`, default limits. FastAPI's probe stays near 1x at 1000 "
            "connections only because its queue is unbounded and it answers almost nobody in time (its p99 was 6 "
            "to 22 s). This benchmark does not run FastAPI: the seeds' Python app is not part of this repository.",
            "", table(["load", "FastAPI good /s", "Offload (a54562e) good /s", "Offload 503 /s",
                       "probe p99 / idle, FastAPI", "Offload"], FASTAPI_ISSUE_11), ""]
    return "\n".join(out).rstrip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--charts", required=True, help="the folder for the PNG charts")
    args = parser.parse_args()
    with open(args.results) as source:
        results = json.load(source)
    os.makedirs(args.charts, exist_ok=True)
    report_dir = os.path.dirname(os.path.abspath(args.markdown))
    page = markdown(results, os.path.relpath(args.results), args.charts, report_dir)
    with open(args.markdown, "w") as out:
        out.write(page)


if __name__ == "__main__":
    main()
