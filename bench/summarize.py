#!/usr/bin/env python3
"""Summarises bench/results/qqp-ablation: ACC/F1/MCC mean ± sample std over seeds per variant, trainable
parameters, time, and McNemar's exact test of each variant against plain LoRA on the same dev pairs (paired by
seed and example). Standard library only."""
import csv, json, math, statistics, sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/qqp-ablation")
order = ["ours", "no-adaptive-lr", "no-lowrank-init", "no-match-score", "lora", "full", "head-only"]
label = {"ours": "enhanced LoRA (C1+C2+C3)", "no-adaptive-lr": "− adaptive learning rate (C1 off)",
         "no-lowrank-init": "− low-rank matrix updates (C2 off)", "no-match-score": "− matching score (C3 off)",
         "lora": "LoRA", "full": "full fine-tuning", "head-only": "head-only"}

def runs(variant):
    for seed_dir in sorted((root / variant).glob("seed*")):
        result = json.loads((seed_dir / "result.json").read_text())
        with open(seed_dir / "predictions.tsv") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        decisions = [r.get("decision", r["predicted"]) == "1" for r in rows]
        labels = [r["label"] == "1" for r in rows]
        yield result, decisions, labels

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
correct = {v: [d == l for _, ds, ls in rs for d, l in zip(ds, ls)] for v, rs in data.items()}
print("| variant | seeds | ACC | F1 | MCC | trainable params | mean time (s) | vs LoRA: McNemar p (only this right / only LoRA right) |")
print("|---|---|---|---|---|---|---|---|")
for v, rs in data.items():
    res = [r for r, _, _ in rs]
    p = "—" if v == "lora" or "lora" not in correct else "{:.3g} ({}/{})".format(*mcnemar(correct[v], correct["lora"]))
    print(f"| {label[v]} | {len(res)} | {fmt([r['accuracy'] for r in res])} | {fmt([r['f1'] for r in res])} | "
          f"{fmt([r['mcc'] for r in res])} | {res[0]['trainableParameters']:,} | {statistics.mean(r['wallSeconds'] for r in res):.0f} | {p} |")
