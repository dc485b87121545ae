#!/usr/bin/env python3
"""Wall and CPU time of commands, run in turn, each RUNS times; prints medians side by side.

    python3 scripts/bench-startup.py RUNS LABEL=COMMAND [LABEL=COMMAND ...] [--ratio A/B[<=GOAL] ...]
                                     [--cpu-ratio A/B[<=GOAL] ...] [--goal LABEL<=SECONDS ...]

Used by scripts/bench for the start-up comparison (docs/benchmarks.md). The commands take
turns (a, b, c, a, b, c, ...), so a change in the machine's load during the measurement
falls on all of them alike. CPU time is user plus system of the command and its children.
Every command must exit 0: a failing run would time an error, not the work. A goal (a wall
median at most SECONDS, a ratio of wall medians or, with --cpu-ratio, of CPU medians, at
most GOAL) prints whether it is met.
"""

import resource
import shlex
import statistics
import subprocess
import sys
import time


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(command):
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    if done.returncode != 0:
        sys.exit(f"bench-startup: `{command}` exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return wall, cpu


def main(argv):
    runs = int(argv[0])
    commands, ratios, goals = [], [], []
    args = iter(argv[1:])
    for a in args:
        if a in ("--ratio", "--cpu-ratio"):
            ratio, _, goal = next(args).partition("<=")
            ratios.append((a == "--cpu-ratio", *ratio.split("/"), float(goal) if goal else None))
        elif a == "--goal":
            label, _, goal = next(args).partition("<=")
            goals.append((label, float(goal)))
        else:
            label, command = a.split("=", 1)
            commands.append((label, command))
    times = {label: [] for label, _ in commands}
    for _ in range(runs):
        for label, command in commands:
            times[label].append(run_once(command))
    width = max(len(label) for label, _ in commands)
    print(f"{'command':<{width}}  wall median   cpu median   wall min..max   (n={runs})")
    median, cpu_median = {}, {}
    for label, command in commands:
        walls = [w for w, _ in times[label]]
        cpus = [c for _, c in times[label]]
        median[label], cpu_median[label] = statistics.median(walls), statistics.median(cpus)
        print(f"{label:<{width}}  {median[label]:9.3f} s  {cpu_median[label]:9.3f} s   "
              f"{min(walls):.3f}..{max(walls):.3f} s   {command}")
    for cpu, a, b, goal in ratios:
        m = cpu_median if cpu else median
        r = m[a] / m[b]
        print(f"ratio {a} / {b} ({'CPU' if cpu else 'wall'} medians): {r:.2f}"
              + ("" if goal is None else verdict(r <= goal, f"<= {goal}")))
    for label, goal in goals:
        print(f"goal: {label} <= {goal} s: {median[label]:.3f} s" + verdict(median[label] <= goal, ""))


def verdict(met, goal):
    return f"  {'goal ' + goal + ': ' if goal else ''}{'met' if met else 'NOT met'}"


if __name__ == "__main__":
    main(sys.argv[1:])
