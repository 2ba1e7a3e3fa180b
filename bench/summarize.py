#!/usr/bin/env python3
"""Summarises bench/results/<task>-table (written by bench/qqp-ablation.sh): per row ACC/F1/MCC mean ± sample std over
seeds on the validation file, trainable parameters, time, McNemar's exact test against plain LoRA on the same dev
pairs (paired by seed and example), and the convergence table: the optimiser steps each LoRA-family row needed before
its selection-split accuracy first reached plain LoRA's final selection accuracy, and the level every row reached.
Standard library only.
Usage: python3 bench/summarize.py [TASK]          (qqp by default)"""
import csv, json, math, re, statistics, sys
from pathlib import Path

task = sys.argv[1] if len(sys.argv) > 1 else "qqp"
root = Path(f"bench/results/{task}-table")
order = ["zero-shot", "head-only", "ours", "ours-chosen", "no-adaptive-lr", "no-lowrank-init", "no-match-score", "lora", "full"]
label = {"zero-shot": "zero-shot (trains nothing)", "head-only": "head-only (linear probe)",
         "ours": "enhanced LoRA (C1+C2+C3)", "ours-chosen": "enhanced LoRA, C3's γ and δ chosen on the selection split",
         "no-adaptive-lr": "− adaptive learning rate (C1 off)",
         "no-lowrank-init": "− low-rank matrix updates (C2 off)", "no-match-score": "− matching score (C3 off)",
         "lora": "LoRA", "full": "full fine-tuning"}
lora_family = ["ours", "no-adaptive-lr", "no-lowrank-init", "no-match-score", "lora"]
eval_line = re.compile(r"train: eval .*step (\d+)/\d+ .*accuracy ([0-9.]+)")

def runs(variant):
    for seed_dir in sorted((root / variant).glob("seed*")):
        if not (seed_dir / "result.json").exists():
            continue
        result = json.loads((seed_dir / "result.json").read_text())
        with open(seed_dir / "predictions.tsv") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        decisions = [r.get("decision", r["predicted"]) == "1" for r in rows]
        labels = [r["label"] == "1" for r in rows]
        log = seed_dir / "train.log"
        curve = [(int(m[1]), float(m[2])) for m in eval_line.finditer(log.read_text())] if log.exists() else []
        yield result, decisions, labels, curve

def mcnemar(a, b):
    """Exact two-sided McNemar p-value from paired correctness lists."""
    only_a = sum(x and not y for x, y in zip(a, b))
    only_b = sum(y and not x for x, y in zip(a, b))
    n = only_a + only_b
    if n == 0:
        return 1.0, only_a, only_b
    tail = sum(math.comb(n, k) for k in range(0, min(only_a, only_b) + 1)) / 2 ** n
    return min(1.0, 2 * tail), only_a, only_b

def fmt(values):
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}" if len(values) > 1 else f"{values[0]:.3f}"

data = {v: list(runs(v)) for v in order if (root / v).exists()}
data = {v: rs for v, rs in data.items() if rs}
trained_as_ours = next((v for v in ("ours", "ours-chosen") if v in data), None)   # the same models either way
if "no-match-score" not in data and trained_as_ours:
    # − matching score trains the very model ours trains (same seed, same C1 and C2; CPU runs are bit-identical):
    # only the decision rule differs, so its row is ours' classifier metrics and "predicted" column.
    def classifier_run(seed_dir):
        result = json.loads((seed_dir / "result.json").read_text())
        with open(seed_dir / "predictions.tsv") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        curve = [(int(m[1]), float(m[2])) for m in eval_line.finditer((seed_dir / "train.log").read_text())]
        return ({**result, **result["classifier"]}, [r["predicted"] == "1" for r in rows], [r["label"] == "1" for r in rows], curve)
    data["no-match-score"] = [classifier_run(d) for d in sorted((root / trained_as_ours).glob("seed*")) if (d / "result.json").exists()]
    data = {v: data[v] for v in order if v in data}
seeds_of = {v: [r["seed"] for r, *_ in rs] for v, rs in data.items()}
print("| row | seeds | ACC | F1 | MCC | trainable params | steps (mean) | mean time (s) | vs LoRA: McNemar p (only this right / only LoRA right) |")
print("|---|---|---|---|---|---|---|---|---|")
for v, rs in data.items():
    res = [r for r, *_ in rs]
    p = "—"
    if v != "lora" and "lora" in data:
        shared = [s for s in seeds_of[v] if s in seeds_of["lora"]]   # pair by seed, then by dev example
        mine = [d == l for (r, ds, ls, _) in rs if r["seed"] in shared for d, l in zip(ds, ls)]
        theirs = [d == l for (r, ds, ls, _) in data["lora"] if r["seed"] in shared for d, l in zip(ds, ls)]
        p = "{:.3g} ({}/{})".format(*mcnemar(mine, theirs)) if shared else "—"
    steps = statistics.mean(r["steps"] for r in res)
    print(f"| {label[v]} | {len(res)} | {fmt([r['accuracy'] for r in res])} | {fmt([r['f1'] for r in res])} | "
          f"{fmt([r['mcc'] for r in res])} | {res[0]['trainableParameters']:,} | {steps:.0f} steps | "
          f"{statistics.mean(r['wallSeconds'] for r in res):.0f} | {p} |")

for v in ("ours-chosen",):
    chosen = [(r["seed"], r["gamma"], r["delta"]) for r, *_ in data.get(v, []) if r.get("gamma") is not None]
    if chosen:   # results written since C3 chooses γ and δ on the selection split
        print(f"\n{label[v]}: C3's (γ, δ) chosen on the selection split, by seed: "
              + ", ".join(f"seed {s} ({g:g}, {d:g})" for s, g, d in chosen))

if "lora" in data:
    # LoRA's reported model is its best evaluation on the selection split: the top of its logged curve. Early stopping
    # can end a row before it gets there, so the level every row reached (the lowest of their bests) is shown too.
    family = [v for v in lora_family if v in data and any(curve for *_, curve in data[v])]
    target = statistics.mean(max(a for _, a in curve) for *_, curve in data["lora"] if curve)
    common = min(max(a for _, a in curve) for v in family for *_, curve in data[v] if curve)

    def first_step(curve, level):
        return next((s for s, a in curve if a >= level - 1e-9), None)

    def mean_steps(v, level):
        hit = [s for s in (first_step(curve, level) for *_, curve in data[v]) if s is not None]
        return (statistics.mean(hit) if hit else None), len(hit)

    print(f"\nConvergence on the selection split: the first optimiser step at which a row's selection accuracy reached plain "
          f"LoRA's final (best) one, {target:.4f}, and the level every row reached, {common:.4f}.\n")
    print(f"| row | steps to {target:.4f} (seeds that got there) | steps to {common:.4f} | vs LoRA at {common:.4f} |")
    print("|---|---|---|---|")
    lora_common, _ = mean_steps("lora", common)
    for v in family:
        to_target, hits = mean_steps(v, target)
        to_common, _ = mean_steps(v, common)
        ratio = "—" if v == "lora" or to_common is None or lora_common is None else f"{lora_common / to_common:.2f}× as fast"
        print(f"| {label[v]} | {'never' if to_target is None else f'{to_target:.0f}'} ({hits}/{len(data[v])}) | "
              f"{'never' if to_common is None else f'{to_common:.0f}'} | {ratio} |")
