"""``python -m bench [--quick] [--json PATH] [--rounds N] [--only TEXT] [--clock cpu]
[--also NAME=DIRECTORY]``

Prints a table of MB/s per scenario for the reference, CPython's asynchat and
the two ideal loops, with the reference's ratios to each, then the two
scaling series.  See the package docstring for how the figures are taken.
"""

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from typing import Any, Dict, List, Optional

from . import harness
from .scenarios import KiB, MiB, Scenario, describe_size, scenarios, series

#: A scaling-series point an implementation would need longer than this for
#: (one round, extrapolated from its previous points) is left out -- if its
#: cost per byte has already grown SUPERLINEAR times over the series, which
#: keeps noise from dropping a linear implementation.
SLOW_ROUND = 1.0
SUPERLINEAR = 3.0


def machine() -> Dict[str, Any]:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        nproc: Optional[int] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        nproc = os.cpu_count()
    return {
        "nproc": nproc,
        "cpu": cpu or platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
    }


class Runner:
    def __init__(self, wire: harness.Wire, impls: List[Any], rounds: int, quick: bool) -> None:
        self.wire = wire
        self.impls = impls
        self.rounds = rounds
        self.quick = quick

    def race(
        self, scenario: Scenario, payload: Any, impls: List[Any], rotation: int
    ) -> Dict[str, List[float]]:
        """One pass over ``payload`` for every implementation, taking turns
        unit by unit; the seconds each unit took, per implementation."""
        kind = harness.ReceiveRace if scenario.kind == "receive" else harness.SendRace
        gc.collect()
        race = kind(self.wire, impls, scenario, payload)
        names = [impl.name for impl in impls]
        times: Dict[str, List[float]] = {name: [] for name in names}
        # A fresh order for every unit, drawn from a seeded generator (runs
        # repeat): a rotation kept the cyclic order, so each implementation
        # always ran right after the same other one, and inherited its heap
        # and caches -- worth a steady 1% on bulk input.
        order = random.Random(rotation)
        for unit in range(len(race.units)):
            order.shuffle(names)
            for name in names:
                times[name].append(race.run(name, unit))
        for name, result in race.finish().items():
            if result != payload.expected:
                raise SystemExit(
                    "bench: %s on %s: expected %r, got %r"
                    % (name, scenario.id, payload.expected, result)
                )
        return times

    def warm_up(self, scenario: Scenario, size: int, impls: List[Any]) -> None:
        self.race(scenario, scenario.payload(min(size, 256 * KiB)), impls, 0)

    def impls_for(self, scenario: Scenario) -> List[Any]:
        """The implementations that take part (``ideal-find`` only receives)."""
        return [impl for impl in self.impls if scenario.kind in impl.kinds]

    def measure(self, scenario: Scenario, size: int) -> Dict[str, List[List[float]]]:
        """Unit times of every round, per implementation, after a warm-up."""
        impls = self.impls_for(scenario)
        self.warm_up(scenario, size, impls)
        payload = scenario.payload(size)
        samples: Dict[str, List[List[float]]] = {impl.name: [] for impl in impls}
        for index in range(self.rounds):
            for name, units in self.race(scenario, payload, impls, index).items():
                samples[name].append(units)
        return samples


def summarize(rounds: List[List[float]]) -> Dict[str, Any]:
    """The time a pass takes: the sum over units of each unit's median over
    the rounds (a unit slowed by load from elsewhere in a minority of rounds
    does not count).  Also each round's own total, for the record."""
    per_unit = [statistics.median(unit) for unit in zip(*rounds)]
    return {"median_s": sum(per_unit), "rounds_s": [sum(r) for r in rounds]}


def payload_bytes(scenario: Scenario, payload: Any) -> int:
    return len(payload.data) if scenario.kind == "receive" else payload.expected


def run_scenarios(runner: Runner, only: str) -> List[Dict[str, Any]]:
    out = []
    for scenario in scenarios():
        if only and only not in scenario.id:
            continue
        size = scenario.size // (8 if runner.quick else 1)
        samples = runner.measure(scenario, size)
        nbytes = payload_bytes(scenario, scenario.payload(size))
        results = {}
        for name, rounds in samples.items():
            results[name] = summary = summarize(rounds)
            summary["mb_per_s"] = nbytes / summary["median_s"] / 1e6
        entry = {
            "id": scenario.id,
            "title": scenario.title,
            "kind": scenario.kind,
            "bytes": nbytes,
            "results": results,
            "ratios": ratios(results),
        }
        print_row(entry, [impl.name for impl in runner.impls])
        out.append(entry)
    return out


def ratios(results: Dict[str, Any]) -> Dict[str, float]:
    out = {}
    if "reference" in results:
        for other in results:
            if other != "reference":
                out["reference/%s" % other] = (
                    results["reference"]["mb_per_s"] / results[other]["mb_per_s"]
                )
    return out


def run_series(runner: Runner, only: str) -> List[Dict[str, Any]]:
    """Each series: a first pass over its points (the warm-up, and what
    decides which implementation is too slow for the later points), then
    rounds that each visit every point, so that load from elsewhere on the
    machine does not land on one point only."""
    out = []
    for spec in series():
        if only and only not in spec.id:
            continue
        active = runner.impls_for(spec.scenario(spec.values[0], runner.quick)[0])
        names = [impl.name for impl in active]
        print()
        print("%s  (ns per byte, %d rounds)" % (spec.title, runner.rounds))
        print("  %-18s" % spec.parameter + "".join("%12s" % n for n in names))
        cost: Dict[str, List[float]] = {name: [] for name in names}  # first pass, s/B
        dropped: Dict[str, str] = {}
        points: List[Dict[str, Any]] = []
        for value in spec.values:
            scenario, size = spec.scenario(value, runner.quick)
            nbytes = payload_bytes(scenario, scenario.payload(size))
            for impl in list(active):
                # Cost per byte extrapolated geometrically from the last two
                # points, times this point's bytes.
                past = cost[impl.name]
                projected = 0.0
                if len(past) >= 2:
                    projected = past[-1] * past[-1] / past[-2] * nbytes
                elif past:
                    projected = past[-1] * 2 * nbytes
                if projected > SLOW_ROUND and past[-1] > SUPERLINEAR * past[0]:
                    active.remove(impl)
                    dropped[impl.name] = "left out from %s on: one round projected at %.1f s" % (
                        describe_size(value),
                        projected,
                    )
            first = runner.race(scenario, scenario.payload(size), active, 0)
            for name, units in first.items():
                cost[name].append(sum(units) / nbytes)
            points.append(
                {
                    "value": value,
                    "bytes": nbytes,
                    "scenario": scenario,
                    "size": size,
                    "impls": list(active),
                    "samples": {impl.name: [] for impl in active},
                }
            )
        for index in range(runner.rounds):
            for point in points:
                times = runner.race(
                    point["scenario"],
                    point["scenario"].payload(point["size"]),
                    point["impls"],
                    index,
                )
                for name, units in times.items():
                    point["samples"][name].append(units)
        for point in points:
            results = {}
            for name, rounds in point["samples"].items():
                results[name] = summary = summarize(rounds)
                summary["ns_per_byte"] = summary["median_s"] / point["bytes"] * 1e9
            point["results"] = results
            print(
                "  %-18s" % describe_size(point["value"])
                + "".join(
                    "%12.2f" % results[n]["ns_per_byte"] if n in results else "%12s" % "-"
                    for n in names
                )
            )
        growth = {}
        for name in names:
            costs = [p["results"][name]["ns_per_byte"] for p in points if name in p["results"]]
            if len(costs) >= 2:
                growth[name] = max(costs) / min(costs)
        print(
            "  %-18s" % "growth (max/min)"
            + "".join("%11.2fx" % growth[n] if n in growth else "%12s" % "-" for n in names)
        )
        for name, why in dropped.items():
            print("  %s: %s" % (name, why))
        out.append(
            {
                "id": spec.id,
                "title": spec.title,
                "parameter": spec.parameter,
                "points": [
                    {"value": p["value"], "bytes": p["bytes"], "results": p["results"]}
                    for p in points
                ],
                "growth": growth,
                "dropped": dropped,
            }
        )
    return out


def print_header(impls: List[Any], rounds: int) -> None:
    names = [impl.name for impl in impls]
    print("MB/s (10**6 bytes per second), %d interleaved rounds, per-unit medians" % rounds)
    columns = "".join("%11s" % n for n in names)
    extra = "".join("%15s" % ("ref/" + n) for n in names if n != "reference")
    print("%-50s%s%s" % ("scenario", columns, extra))


def figure(value: float) -> str:
    """Three significant digits or so, without an exponent."""
    return "%.2f" % value if value < 10 else "%.1f" % value if value < 1000 else "%.0f" % value


def print_row(entry: Dict[str, Any], names: List[str]) -> None:
    results = entry["results"]
    columns = "".join(
        "%11s" % (figure(results[n]["mb_per_s"]) if n in results else "-") for n in names
    )
    extra = "".join(
        "%14.2fx" % entry["ratios"]["reference/%s" % n]
        if "reference/%s" % n in entry["ratios"]
        else "%15s" % "-"
        for n in names
        if n != "reference"
    )
    print("%-50s%s%s" % (entry["title"], columns, extra), flush=True)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller payloads and fewer rounds (a smoke run, e.g. in CI)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="timed rounds per scenario (default 5, 2 with --quick)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    parser.add_argument(
        "--only",
        default="",
        metavar="TEXT",
        help="run only scenarios and series whose id contains TEXT",
    )
    parser.add_argument("--no-series", action="store_true", help="skip the scaling series")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="NAME=DIRECTORY",
        help="race another asynchat-like package too, imported from DIRECTORY "
        "(e.g. before=/tmp/old/reference, a checkout of an earlier commit); "
        "repeatable",
    )
    parser.add_argument(
        "--clock",
        choices=("perf", "cpu"),
        default="perf",
        help="perf: time.perf_counter (default); cpu: time.thread_time, the "
        "benchmark thread's CPU time, which leaves out time other "
        "processes took on a busy machine",
    )
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 5)
    harness.clock = time.thread_time if args.clock == "cpu" else time.perf_counter

    wire = harness.Wire()
    impls: List[Any] = [harness.load_reference()]  # chat modules and ideal loops alike
    for extra in args.also:
        name, _, directory = extra.partition("=")
        if not name or not directory or name in ("reference", "cpython", "ideal", "ideal-find"):
            parser.error("--also wants NAME=DIRECTORY with a new NAME, not %r" % extra)
        impls.append(harness.load_package(name, directory))
    cpython, absent = harness.load_cpython()
    if cpython is not None:
        impls.append(cpython)
    impls.extend(harness.ideal_loops())

    info = machine()
    print(
        "python %s (%s) on %s CPUs, %s; %s"
        % (
            info["python"],
            info["python_implementation"],
            info["nproc"],
            info["cpu"],
            info["platform"],
        )
    )
    for impl in impls:
        print("  %-10s %s" % (impl.name, impl.origin))
    if absent:
        print("  %-10s absent: %s" % ("cpython", absent))
    clock_name = "time.thread_time" if args.clock == "cpu" else "time.perf_counter"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    busy = load > (info["nproc"] or 1)
    print(
        "clock: %s; load average %.1f%s"
        % (
            clock_name,
            load,
            ""
            if not busy
            else " -- a busy machine: expect noise%s"
            % (" (see --clock cpu)" if args.clock == "perf" else ""),
        )
    )
    print(
        "socket pair holds %.1f MiB per direction%s"
        % (
            wire.capacity / MiB,
            "" if wire.capacity >= 2 * MiB else " (reads above that size are capped)",
        )
    )
    print()
    runner = Runner(wire, impls, rounds, args.quick)
    # The first megabytes through a fresh process run slower for everyone
    # (the allocator is still growing its heap); get past that untimed.
    warm = next(s for s in scenarios() if s.id == "recv.lines64")
    runner.race(warm, warm.payload(2 * MiB), impls, 0)
    print_header(impls, rounds)
    try:
        table = run_scenarios(runner, args.only)
        scaling = [] if args.no_series else run_series(runner, args.only)
    finally:
        wire.close()
    if args.json:
        document = {
            "machine": info,
            "quick": args.quick,
            "rounds": rounds,
            "clock": clock_name,
            "load_average": load,
            "socket_capacity": wire.capacity,
            "implementations": {impl.name: impl.origin for impl in impls},
            "cpython_absent": absent or None,
            "scenarios": table,
            "series": scaling,
        }
        directory = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(directory, exist_ok=True)
        with open(args.json, "w") as out:
            json.dump(document, out, indent=1)
        print()
        print("figures written to %s" % args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
