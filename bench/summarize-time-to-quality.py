#!/usr/bin/env python3
"""The time-to-quality table from bench/results/time-to-quality (see bench/time-to-quality.sh)."""
import json, pathlib, re, statistics, sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/time-to-quality")
EVAL = re.compile(r"^(\S+) .*eval .*step (\d+)/\d+ .*accuracy (\S+)")
METHODS = ["head-only", "lora", "enhanced-lora", "full"]


def curve(folder):
    points = []
    for line in (folder / "log.txt").read_text().splitlines():
        if m := EVAL.match(line):
            points.append((float(m[1]), int(m[2]), float(m[3])))
    return points


seeds = sorted(p for p in root.iterdir() if p.is_dir())
rows = {m: [] for m in METHODS}
for seed in seeds:
    if not (seed / "head-only" / "result.json").exists():
        continue
    target = max(acc for _, _, acc in curve(seed / "head-only"))
    for method in METHODS:
        folder = seed / method
        if not (folder / "result.json").exists():
            continue
        result = json.loads((folder / "result.json").read_text())
        reached = next(((t, step) for t, step, acc in curve(folder) if acc >= target - 1e-12), None)
        rows[method].append(dict(target=target, reached=reached, dev=result["accuracy"], steps=result["steps"],
                                 wall=result["wallSeconds"]))

print("| method | seeds reaching the probe | wall time to the probe | examples to the probe | final dev ACC | whole run |")
print("|---|---|---|---|---|---|")
for method, runs in rows.items():
    if not runs:
        continue
    hit = [r for r in runs if r["reached"]]
    mean = lambda xs: statistics.mean(xs) if xs else float("nan")
    sd = lambda xs: statistics.stdev(xs) if len(xs) > 1 else 0.0
    secs = [r["reached"][0] for r in hit]
    examples = [r["reached"][1] * 32 for r in hit]
    devs = [r["dev"] for r in runs]
    print(f"| {method} | {len(hit)} / {len(runs)} | {f'{mean(secs):.0f} s' if hit else 'never'} | "
          f"{f'{mean(examples):,.0f}' if hit else 'never'} | "
          f"{mean(devs):.3f} ± {sd(devs):.3f} | {mean([r['wall'] for r in runs]):.0f} s |")
print(f"\ntarget (head-only's best selection accuracy) per seed: {[round(r['target'], 4) for r in rows['head-only']]}")
