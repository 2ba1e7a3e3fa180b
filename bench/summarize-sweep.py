#!/usr/bin/env python3
"""Summarises bench/results/qqp-sweep (written by bench/qqp-sweep.sh): per run its settings (rate, β/α, LoRA rank and targets), the selection-split
accuracy and MCC that choose the winner, and — for reading only, never for choosing — the dev file's. The winner of
each group (method, or C1's ratio) is marked. Standard library only."""
import json, sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/qqp-sweep")
rows = []
for result_file in sorted(root.glob("*/result.json")):
    r = json.loads(result_file.read_text())
    spec = r["spec"]
    group = spec["method"]["kind"]
    sel = r.get("selection") or {}
    rate = "—" if group == "zero-shot" else f'{spec["training"]["learningRate"]:g}'
    if result_file.parent.name.startswith("lora-head"):
        # Plain LoRA written as C1 with α = β = 1/k (bench/qqp-sweep.sh head): A and B at the base rate / k, the head at it.
        group = "lora"
        rate = f'{spec["training"]["learningRate"] * spec["method"]["lrScaleA"]:.3g}, head {spec["training"]["learningRate"]:g}'
    rows.append((group, result_file.parent.name, rate, spec["method"]["lrScaleB"] / spec["method"]["lrScaleA"]
                 if spec["method"]["kind"] == "enhanced-lora" and spec["method"]["adaptiveLearningRates"] else 1,
                 sel.get("accuracy"), sel.get("mcc"), r["accuracy"], r["mcc"], r["wallSeconds"],
                 "—" if group in ("zero-shot", "head-only", "full") else
                 f'{spec["method"]["rank"]} ({spec["method"]["alpha"]:g}), {",".join(spec["method"]["targetModules"])}'))

best = {}
for row in rows:
    if row[4] is not None and (row[0] not in best or row[4] > best[row[0]][4]):
        best[row[0]] = row
print("| run | learning rate | β/α | r (α), targets | selection ACC | selection MCC | dev ACC (not used to choose) | dev MCC | time (s) |")
print("|---|---|---|---|---|---|---|---|---|")
for row in rows:
    mark = " **(chosen)**" if best.get(row[0]) is row else ""
    sel = "—" if row[4] is None else f"{row[4]:.4f}"
    selm = "—" if row[5] is None else f"{row[5]:.3f}"
    print(f"| {row[1]}{mark} | {row[2]} | {row[3]:g} | {row[9]} | {sel} | {selm} | {row[6]:.3f} | {row[7]:.3f} | {row[8]:.0f} |")
