#!/usr/bin/env python3
# solomon-bench.py
#
# Copyright 2026 The Onsite Authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the planner on Solomon's 56 VRPTW instances and check every answer.

Each instance is solved by `onsitectl solve-vrptw FILE --json`; the solution
is then checked here, independently of the planner's own code: every
customer served exactly once, no more routes than vehicles, capacity, every
service starting within its window, every vehicle back at the depot by the
depot's due date, and the distance recomputed (Euclidean, double precision).
The gap is measured against solomon_bks_distance_only.csv.

Usage: build-aux/solomon-bench.py --onsitectl _build/src/tools/onsitectl
       [--data tests/data/solomon] [--time-limit 1] [--seed 1]
       [--only C1,R101] [--markdown]
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time

EPS = 1e-6
CLASSES = ["C1", "C2", "R1", "R2", "RC1", "RC2"]


def parse_instance(path):
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip()]
    name = lines[0]
    vehicles = capacity = None
    customers = []
    for line in lines[1:]:
        parts = line.split()
        try:
            nums = [float(p) for p in parts]
        except ValueError:
            continue
        if len(nums) == 2 and vehicles is None:
            vehicles, capacity = int(nums[0]), nums[1]
        elif len(nums) == 7:
            no, x, y, demand, ready, due, service = nums
            assert int(no) == len(customers), f"{path}: customer {no} out of order"
            customers.append((x, y, demand, ready, due, service))
    return name, vehicles, capacity, customers


def dist(c, i, j):
    return math.hypot(c[i][0] - c[j][0], c[i][1] - c[j][1])


def check(instance, solution):
    """Returns (distance, list of problems)."""
    name, vehicles, capacity, c = instance
    problems = []
    routes = solution["routes"]
    n = len(c) - 1
    seen = {}
    total = 0.0
    if len(routes) > vehicles:
        problems.append(f"{len(routes)} routes for {vehicles} vehicles")
    if solution["vehicles"] != len([r for r in routes if r]):
        problems.append(f"reports {solution['vehicles']} vehicles, has {len(routes)} routes")
    if solution["unassigned"]:
        problems.append(f"unassigned customers {solution['unassigned']}")
    for k, route in enumerate(routes):
        if not route:
            problems.append(f"route {k} is empty")
            continue
        load = 0.0
        clock = c[0][3]
        here = 0
        for cust in route:
            if not isinstance(cust, int) or cust < 1 or cust > n:
                problems.append(f"route {k}: unknown customer {cust}")
                break
            seen[cust] = seen.get(cust, 0) + 1
            leg = dist(c, here, cust)
            total += leg
            arrival = clock + leg
            start = max(arrival, c[cust][3])
            if start > c[cust][4] + EPS:
                problems.append(f"route {k}: customer {cust} starts at {start:.2f} after its due date {c[cust][4]:g}")
            load += c[cust][2]
            clock = start + c[cust][5]
            here = cust
        leg = dist(c, here, 0)
        total += leg
        if clock + leg > c[0][4] + EPS:
            problems.append(f"route {k}: back at the depot at {clock + leg:.2f}, after {c[0][4]:g}")
        if load > capacity + EPS:
            problems.append(f"route {k}: load {load:g} over capacity {capacity:g}")
    for cust in range(1, n + 1):
        if seen.get(cust, 0) != 1 and cust not in solution["unassigned"]:
            problems.append(f"customer {cust} served {seen.get(cust, 0)} times")
    if abs(total - solution["distance"]) > 0.01:
        problems.append(f"reports distance {solution['distance']}, recomputed {total:.4f}")
    return total, problems


def instance_class(name):
    for prefix in ("RC", "R", "C"):
        if name.startswith(prefix):
            return prefix + name[len(prefix)]
    return "?"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--onsitectl", required=True, help="path of the onsitectl binary")
    parser.add_argument("--data", default=os.path.join(here, "..", "tests", "data", "solomon"))
    parser.add_argument("--time-limit", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated instance names or class prefixes")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()

    bks = {}
    with open(os.path.join(args.data, "solomon_bks_distance_only.csv")) as f:
        for row in csv.DictReader(f):
            bks[row["instance"]] = float(row["distance"])

    names = sorted(bks)
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        names = [n for n in names if any(n == w or (instance_class(n) == w) for w in wanted)]

    rows = []
    infeasible = 0
    for name in names:
        path = os.path.join(args.data, name + ".txt")
        instance = parse_instance(path)
        cmd = [args.onsitectl, "solve-vrptw", path, "--json",
               "--time-limit", str(args.time_limit), "--seed", str(args.seed)]
        begin = time.monotonic()
        out = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.monotonic() - begin
        if out.returncode != 0:
            print(f"{name}: onsitectl failed: {out.stderr.strip()}", file=sys.stderr)
            infeasible += 1
            continue
        solution = json.loads(out.stdout)
        distance, problems = check(instance, solution)
        if problems:
            infeasible += 1
            for p in problems:
                print(f"{name}: INFEASIBLE: {p}", file=sys.stderr)
        gap = 100.0 * (distance - bks[name]) / bks[name]
        rows.append((name, len(solution["routes"]), distance, bks[name], gap, wall, not problems))
        if not args.markdown:
            print(f"{name:6} {len(solution['routes']):3d} {distance:9.2f} {bks[name]:9.2f} "
                  f"{gap:+6.2f}% {wall:5.2f}s {'ok' if not problems else 'INFEASIBLE'}", flush=True)

    if not rows:
        return 1

    def summary(sel):
        gaps = [r[4] for r in sel]
        times = [r[5] for r in sel]
        return (len(sel), sum(gaps) / len(gaps), max(gaps), sum(times) / len(times), max(times),
                sum(1 for r in sel if r[6]))

    groups = [(c, [r for r in rows if instance_class(r[0]) == c]) for c in CLASSES]
    groups = [(c, sel) for c, sel in groups if sel] + [("All", rows)]

    if args.markdown:
        print("| Instance | Vehicles | Distance | BKS | Gap | Time (s) | Feasible |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:+.2f} % | {r[5]:.2f} | {'yes' if r[6] else 'NO'} |")
        print()
        print("| Class | Instances | Mean gap | Worst gap | Mean time (s) | Max time (s) | Feasible |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for c, sel in groups:
            n, mean, worst, tmean, tmax, ok = summary(sel)
            print(f"| {c} | {n} | {mean:+.2f} % | {worst:+.2f} % | {tmean:.2f} | {tmax:.2f} | {ok}/{n} |")
    else:
        print()
        print(f"{'class':5} {'n':>3} {'mean gap':>9} {'worst':>8} {'mean s':>7} {'max s':>6} feasible")
        for c, sel in groups:
            n, mean, worst, tmean, tmax, ok = summary(sel)
            print(f"{c:5} {n:3d} {mean:+8.2f}% {worst:+7.2f}% {tmean:7.2f} {tmax:6.2f} {ok}/{n}")

    return 1 if infeasible else 0


if __name__ == "__main__":
    sys.exit(main())
