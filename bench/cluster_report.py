#!/usr/bin/env python3
"""Figures of one bench/cluster.sh run (from the database, the sandbox's download history, the webhook receiver's
log and the failover timings), and the verdict over the runs. Called by bench/cluster.sh."""
import collections
import datetime
import json
import os
import sys

FLOWS = {"GF1": lambda f: f == "gf1-licensed-package-export", "GF3": lambda f: f.startswith("gf3-"),
         "PF3": lambda f: f == "pf3-partner-distribution", "GF8": lambda f: f == "gf8-scheduled-archive"}


def flow_of(route):
    for name, match in FLOWS.items():
        if match(route):
            return name
    return None


def ts(s):
    return datetime.datetime.fromisoformat(s).timestamp() if s and s != "null" else None


def report(name, w, t_ready, t_stop, t_kill, failover_file, gf1, gf3, pf3):
    sections, cur = [], []
    for line in open(os.path.join(w, "db.tsv")):
        line = line.rstrip("\n")
        if line == "--":
            sections.append(cur); cur = []
        else:
            cur.append(line.split("\t"))
    deliveries, slots, dead, licenses, claims = sections
    dead = int(dead[0][0])
    expected = {"GF1": int(gf1), "GF3": 3 * int(gf3), "PF3": int(pf3),
                "GF8": sum(1 for r in licenses if r[2] == "LICENSED")}
    rows = collections.defaultdict(list)
    for flow_id, asset, dest, version, path, started, finished in deliveries:
        f = flow_of(flow_id)
        if f:
            rows[f].append((asset, dest, version, path, ts(started), ts(finished)))
    # licences charged by the sandbox (re-downloads with re-download rights are no licence)
    dl = json.load(open(os.path.join(w, "downloads.json"))) if os.path.exists(os.path.join(w, "downloads.json")) else []
    per_asset = collections.Counter(d["id"] for d in dl if not d.get("redownload"))
    events = collections.Counter(r[0] for r in licenses if r[2] == "LICENSED")
    # delivery.completed webhooks, every request the receiver got
    # "twice" = more than one event id for one delivery (a receiver cannot tell them apart); the same event id received
    # again (sent, then its sender killed before it recorded the answer: at-least-once, by design) is "resent"
    hooks = collections.Counter()
    hook_ids = collections.defaultdict(set)
    hooks_flow = {}
    for r in json.load(open(os.path.join(w, "webhooks.json"))):
        if r["headers"].get("x-mediarelay-event-type") != "delivery.completed":
            continue
        b = json.loads(r["body"])
        key = (b["assetId"], b["data"]["destination"], b["data"].get("assetVersion", "1"))
        hooks[key] += 1
        hook_ids[key].add(r["headers"].get("x-mediarelay-event-id"))
        hooks_flow[key] = flow_of(b["data"].get("flow", ""))
    failover = {}
    if failover_file != "-" and os.path.exists(failover_file):
        for line in open(failover_file):
            parts = line.split()
            f = flow_of(parts[1])
            secs = float(parts[2]) if parts[2] != "none" else float("inf")
            failover[f] = max(failover.get(f, 0.0), secs)
    out = {"name": name, "flows": {}, "dead_letters": dead}
    print(f"--- {name} ---")
    for f in ("GF1", "GF3", "PF3", "GF8"):
        r = rows.get(f, [])
        keys = collections.Counter((a, d, v) for a, d, v, *_ in r)
        twice = sum(1 for c in keys.values() if c > 1)
        assets = {a for a, *_ in r}
        lic_twice = sum(1 for a in assets if per_asset.get(a, 0) > 1 or events.get(a, 0) > 1) if f != "GF8" else 0
        wh = [k for k in hooks if hooks_flow.get(k) == f]
        wh_twice = sum(1 for k in wh if len(hook_ids[k]) > 1)
        wh_resent = sum(1 for k in wh if hooks[k] > len(hook_ids[k]))
        wh_missing = sum(1 for k in keys if hooks.get(k, 0) == 0)
        fo = failover.get(f)
        fo_s = "-" if fo is None else ("none" if fo == float("inf") else f"{fo:.1f}")
        lic_s = "n/a" if f == "GF8" else str(lic_twice)
        print(f"{f}: delivered {len(keys)}/{expected[f]}  delivered twice {twice}  licensed twice {lic_s}  "
              f"webhooks {sum(hooks[k] for k in wh)} (twice {wh_twice}, same event id resent {wh_resent}, missing {wh_missing})  failover s {fo_s}")
        out["flows"][f] = {"delivered": len(keys), "expected": expected[f], "twice": twice, "licensed_twice": lic_twice,
                           "webhooks_twice": wh_twice, "webhooks_resent": wh_resent, "webhooks_missing": wh_missing,
                           "failover": None if fo is None else (999.0 if fo == float("inf") else fo)}
    # cron slots in the window the cluster was up (a 2 s margin at each end)
    lo, hi = float(t_ready) + 2, float(t_stop) - 2
    out["slots"] = {}
    for f, period in (("GF8", 60),):
        claimed = sorted(int(s[1]) // 1000 for s in slots if s[0] in ("gf8-source", "gf8-scheduled-archive"))
        if not claimed and name == "single":
            continue  # engine none: no slot claims (one instance, nothing to coordinate)
        want = [s for s in range(int(lo) // period * period + period, int(hi) + 1, period) if lo <= s <= hi]
        got = collections.Counter(s for s in claimed if lo <= s <= hi)
        # independent of the slot table: archive runs the instances logged, per minute (a slot run twice = 2 lines)
        runs = collections.Counter()
        for log in os.environ.get("CLUSTER_LOGS", "").split():
            for line in open(log, errors="replace"):
                if " gf8-source " in line and "Archive run:" in line:
                    runs[line[:5]] += 1
        day = datetime.datetime.utcfromtimestamp(lo).strftime("%Y-%m-%d")
        runs = {m: c for m, c in runs.items()
                if lo - 60 <= datetime.datetime.fromisoformat(f"{day}T{m}:00+00:00").timestamp() <= hi}
        twice_logged = sorted(m for m, c in runs.items() if c > 1)
        missing = [s for s in want if got[s] == 0]
        catch_up = sum(1 for s in slots if s[0] in ("gf8-source", "gf8-scheduled-archive") and s[3] in ("t", "true"))
        print(f"{f} cron slots fired (every {period} s): expected {len(want)}, actual {sum(got.values())}, "
              f"twice {len(twice_logged)}{' ' + str(twice_logged) if twice_logged else ''} (archive runs in the logs: {sum(runs.values())}), missing {len(missing)}"
              f"{' ' + str([datetime.datetime.utcfromtimestamp(s).strftime('%H:%M:%S') for s in missing]) if missing else ''}"
              f", fired by a new leader's catch-up {catch_up}")
        out["slots"][f] = {"expected": len(want), "actual": sum(got.values()), "missing": len(missing),
                           "twice": len(twice_logged)}
    archived = {a for a, *_ in rows.get("GF8", [])}
    not_archived = sorted({r[0] for r in licenses if r[2] == "LICENSED"} - archived)
    if not_archived:
        print(f"GF8: licenses never archived (asset ids): {' '.join(not_archived[:20])}")
    for c in claims:
        print(f"claim left {c[3]}: asset {c[0]} to {c[1]} by {c[2]}, lease until {c[4]}")
    if not any(s[0].startswith("pf3") for s in slots):
        print("PF3: its cron poll is led (one instance) but has no slot claims (schedule_slots): not slot-checked")
    work = [x for f in ("GF1", "GF3", "PF3") for x in rows.get(f, [])]
    if work:
        t0 = min(x[4] for x in work); t1 = max(x[5] or x[4] for x in work)
        tput = len(work) / max(t1 - t0, 0.001)
        print(f"throughput: {len(work)} deliveries (GF1+GF3+PF3) in {t1 - t0:.1f} s = {tput:.2f}/s; dead letters {dead}")
        out["throughput"] = tput
    json.dump(out, open(os.path.join(w, "figures.json"), "w"))


def verdict(base):
    import glob
    figs = {}
    for p in glob.glob(os.path.join(base, "*/figures.json")):
        d = json.load(open(p)); figs[d["name"]] = d
    c = figs.get("cluster")
    if c is None:
        print("RESULT FAIL (no cluster figures)"); return
    s = figs.get("single")
    if s and s.get("throughput") and c.get("throughput"):
        print(f"throughput 3 instances (with the kill) vs 1 instance: {c['throughput']:.2f}/s vs {s['throughput']:.2f}/s "
              f"= {c['throughput'] / s['throughput']:.2f}x")
    bad = []
    for f, v in c["flows"].items():
        for k in ("twice", "licensed_twice", "webhooks_twice"):
            if v[k]:
                bad.append(f"{f} {k} {v[k]}")
        if v["delivered"] < v["expected"]:
            bad.append(f"{f} delivered {v['delivered']}/{v['expected']}")
        if v["failover"] is not None and v["failover"] > 30:
            bad.append(f"{f} failover {v['failover']:.1f} s")
    for f, v in c["slots"].items():
        if v["missing"] or v["actual"] != v["expected"] or v.get("twice"):
            bad.append(f"{f} slots {v['actual']}/{v['expected']}")
    if not any(v["failover"] is not None for v in c["flows"].values()):
        bad.append("no failover measured")
    print("RESULT " + ("PASS" if not bad else "FAIL: " + "; ".join(bad)))


if __name__ == "__main__":
    if sys.argv[1] == "verdict":
        verdict(sys.argv[2])
    else:
        report(*sys.argv[1:])
