#!/usr/bin/env python3
"""Checks the ReDoS analyser's table (src/redos/tests.rs) against CPython's `re` and regexploit.

  scripts/redos-oracle.py [--json FILE] [--no-regexploit] [--budget SECONDS] [--show N]

1. Gets the table's verdicts and attack strings: runs
   `cargo test --locked --lib redos::tests::dump_table -- --ignored`, which writes
   target/redos-table.json (or reads --json FILE).
2. Oracle: for every row with an attack, times the mode's call (re.match / re.fullmatch /
   re.search) on the attack with growing N and classifies the growth: exponential (time
   multiplies by a constant when N grows by a constant), polynomial of degree d (the slope of
   log t against log N), or linear. A verdict is confirmed when the time grows super-linearly.
3. regexploit: installs it into target/regexploit-venv (pip), runs it on every pattern, counts
   agreement with our verdicts at regexploit's own threshold (it reports cubic or worse), and
   times regexploit's example string with CPython where the two disagree.

Standard library only (regexploit lives in its own venv). Exits 0: it is a report.
"""

import argparse
import json
import math
import os
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "regexploit-venv")


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def compile_row(row):
    flags = 0
    expr = row["flags"].strip()
    if expr:
        flags = eval(expr, {"re": re})  # the table's own flag expressions
    pattern = row["pattern"]
    if row["bytes"]:
        pattern = pattern.encode("latin-1")
    return re.compile(pattern, flags)


def build(attack, n, as_bytes):
    s = attack["prefix"]
    for pump, then in attack["pumps"]:
        s += pump * n + then
    s += attack["suffix"]
    return s.encode("latin-1") if as_bytes else s


def run_once(rx, mode, text, limit):
    fn = {"Match": rx.match, "FullMatch": rx.fullmatch, "Search": rx.search}[mode]
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        t = time.perf_counter()
        fn(text)
        return time.perf_counter() - t
    except Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def measure(rx, mode, make, exponential, budget):
    """Times make(n) for growing n; returns (class, detail)."""
    points = []
    n = 2
    while n <= 1 << 17:
        t = run_once(rx, mode, make(n), budget)
        points.append((n, t))
        if t is None or t > budget / 3:
            break
        n = n + 2 if exponential else n * 2
    timed = [(n, t) for n, t in points if t is not None and t > 1e-3]
    if points[-1][1] is None:
        # Out of time: super-linear whatever came before (a jump from under a millisecond to
        # over the budget within a few steps is exponential).
        done = [(n, t) for n, t in points if t is not None]
        last = f"{done[-1][1]:.4f}s at N={done[-1][0]}" if done else "nothing finished"
        kind = "exponential" if exponential else "super-linear"
        bound = ""
        if done and not exponential and done[-1][1] > 1e-3:
            n1, t1 = done[-1]
            bound = f", slope >= {math.log(budget / t1) / math.log(points[-1][0] / n1):.2f}"
        return kind, f"timed out at N={points[-1][0]} (after {last}{bound})"
    if len(timed) < 2:
        return "linear", f"max {max(t for _, t in points):.4f}s at N={points[-1][0]}"
    (n1, t1), (n2, t2) = timed[-2], timed[-1]
    if exponential:
        ratio = (t2 / t1) ** (1 / (n2 - n1))
        if ratio > 1.2:
            return "exponential", f"x{ratio:.2f} per +1 (N={n2}: {t2:.3f}s)"
    slope = math.log(t2 / t1) / math.log(n2 / n1)
    if slope >= 1.6:
        return f"polynomial({round(slope)})", f"slope {slope:.2f} (N={n2}: {t2:.3f}s)"
    return "linear", f"slope {slope:.2f} (N={n2}: {t2:.3f}s)"


def regexploit_results(rows):
    """{index: (class, example attack)} from regexploit, or None when it cannot be installed."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        r = subprocess.run([sys.executable, "-m", "venv", VENV], capture_output=True, text=True)
        if r.returncode != 0:
            print("regexploit: cannot make a venv:", r.stderr.strip()[-300:])
            return None
        r = subprocess.run([py, "-m", "pip", "install", "-q", "regexploit"], capture_output=True, text=True)
        if r.returncode != 0:
            print("regexploit: pip install failed:", r.stderr.strip()[-300:])
            return None
    helper = r"""
import json, re, sys, signal
from regexploit.ast.sre import SreOpParser
from regexploit.redos import find
rows = json.load(sys.stdin)
out = {}
def alarm(*a): raise TimeoutError()
signal.signal(signal.SIGALRM, alarm)
for i, row in enumerate(rows):
    flags = eval(row["flags"], {"re": re}) if row["flags"].strip() else 0
    pattern = row["pattern"]
    if row["bytes"]:
        pattern = pattern.encode("latin-1")
    signal.alarm(10)
    try:
        found = find(SreOpParser().parse_sre(pattern, flags))
    except Exception as e:
        out[i] = ["error", None, type(e).__name__]
        continue
    finally:
        signal.alarm(0)
    if not found:
        out[i] = ["safe", None, ""]
        continue
    r = found[0]
    cls = "exponential" if r.starriness > 10 else "polynomial(%d)" % r.starriness
    rep = r.repeated_character
    killer = r.killer
    if killer and (both := rep & killer):
        rep, killer = both, None
    attack = {"prefix": r.example_prefix, "pumps": [[rep.example(), ""]],
              "suffix": killer.example() if killer else ""}
    out[i] = [cls, attack, ""]
json.dump(out, sys.stdout)
"""
    r = subprocess.run([py, "-c", helper], input=json.dumps(rows), capture_output=True, text=True)
    if r.returncode != 0:
        print("regexploit: run failed:", r.stderr.strip()[-500:])
        return None
    return {int(k): v for k, v in json.loads(r.stdout).items()}


def severe(cls):
    """regexploit's threshold: exponential or cubic and worse."""
    if cls == "exponential":
        return True
    m = re.match(r"polynomial\((\d+)\)", cls)
    return bool(m and int(m.group(1)) >= 3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="read the table from this file instead of running cargo")
    ap.add_argument("--no-regexploit", action="store_true")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds per timed call (default 2)")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _alarm)

    path = args.json
    if not path:
        path = os.path.join(ROOT, "target", "redos-table.json")
        env = dict(os.environ, REDOS_TABLE_JSON=path)
        r = subprocess.run(
            ["cargo", "test", "--locked", "--lib", "redos::tests::dump_table", "--", "--ignored"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout[-2000:], r.stderr[-2000:])
            sys.exit(2)
    with open(path) as f:
        table = json.load(f)
    rows = table["rows"]

    print(f"{len(rows)} patterns; one uncached pass over the table: "
          f"{table['seconds_per_table_pass'] * 1e3:.2f} ms ({table['profile']} build)\n")

    # --- oracle -----------------------------------------------------------------------------
    counts = {}
    oracle = {}
    for i, row in enumerate(rows):
        ours = row["verdict"]
        kind = "vulnerable" if row["vulnerable"] else "safe"
        expected = row["expected"]
        key = (kind, "TP/TN" if ours == expected else "mismatch")
        counts[key] = counts.get(key, 0) + 1
        if not row["attack"]:
            continue
        rx = compile_row(row)
        measured, detail = measure(
            rx, row["mode"], lambda n: build(row["attack"], n, row["bytes"]),
            ours == "exponential", args.budget)
        oracle[i] = measured
        print(f"[{i:2}] {row['mode']:9} ours={ours:14} cpython={measured:14} {detail}")
        print(f"     {row['pattern'][:90]!r}")
        print(f"     attack: {row['display'][:110]}")

    print("\n== verdicts against the table's expectations ==")
    vuln = [r for r in rows if r["vulnerable"]]
    safe = [r for r in rows if not r["vulnerable"]]
    exact = sum(1 for r in vuln if r["verdict"] == r["expected"])
    flagged = sum(1 for r in vuln if r["verdict"] not in ("safe", "not-analysed"))
    print(f"vulnerable rows: {len(vuln)}; flagged {flagged} (TP), exact class {exact}, "
          f"missed {len(vuln) - flagged} (FN)")
    by_class = {}
    for r in vuln:
        c = r["expected"].split("(")[0]
        hit = r["verdict"].split("(")[0] == c
        by_class.setdefault(c, [0, 0])
        by_class[c][0] += 1
        by_class[c][1] += hit
    for c, (n, hit) in sorted(by_class.items()):
        print(f"  expected {c:12}: {n:2} rows, {hit} with that class")
    fp = sum(1 for r in safe if r["verdict"] not in ("safe",))
    print(f"safe rows: {len(safe)}; flagged {fp} (FP), not analysed "
          f"{sum(1 for r in safe if r['verdict'] == 'not-analysed')}")

    print("\n== oracle (CPython re, timed attacks) ==")
    confirmed = sum(1 for m in oracle.values() if m != "linear")
    print(f"attacks timed: {len(oracle)}; super-linear in CPython: {confirmed}; linear: {len(oracle) - confirmed}")
    same = 0
    for i, m in oracle.items():
        ours = rows[i]["verdict"]
        if m == ours or (m == "super-linear") or (m.startswith("polynomial") and ours.startswith("polynomial")):
            same += 1
    exact_deg = sum(1 for i, m in oracle.items() if m == rows[i]["verdict"])
    print(f"class agrees (exponential vs polynomial): {same}/{len(oracle)}; same degree/class exactly: {exact_deg}/{len(oracle)}")
    for i, m in oracle.items():
        if m == "linear":
            print(f"  not confirmed: [{i}] {rows[i]['pattern'][:70]!r} ({rows[i]['verdict']})")

    if args.no_regexploit:
        return
    print("\n== regexploit ==")
    rx_results = regexploit_results(rows)
    if rx_results is None:
        return
    agree = disagree = 0
    rx_flag = ours_flag = both = 0
    for i, row in enumerate(rows):
        cls, attack, err = rx_results.get(i, ["error", None, "missing"])
        a, b = severe(row["verdict"]), severe(cls)
        rx_flag += b
        ours_flag += a
        both += a and b
        if a == b:
            agree += 1
            continue
        disagree += 1
        note = ""
        if attack:
            try:
                measured, detail = measure(
                    compile_row(row), row["mode"], lambda n: build(attack, n, row["bytes"]),
                    cls == "exponential", args.budget)
                note = f"; its attack in CPython ({row['mode']}): {measured} {detail}"
            except Exception as e:  # noqa: BLE001 - a report, not a test
                note = f"; its attack failed to run: {e}"
        print(f"  [{i:2}] ours={row['verdict']:14} regexploit={cls:14}{err}{note}")
        print(f"       {row['pattern'][:90]!r}")
    print(f"agreement at regexploit's threshold (exponential or cubic+): {agree}/{len(rows)} "
          f"(both flag {both}, only ours {ours_flag - both}, only regexploit {rx_flag - both})")


if __name__ == "__main__":
    main()
