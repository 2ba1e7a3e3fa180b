#!/usr/bin/env python3
"""Summarises bench/results/glue-table (written by bench/glue-table.sh) as the GLUE table: methods as rows, tasks as
columns, each task's official score in percent (the mean of its official metrics: CoLA MCC; STS-B Pearson and
Spearman; MRPC and QQP F1 and accuracy; the others accuracy) as mean ± sample std over seeds, and the average over
tasks as GLUE's leaderboard computes it. Standard library only.
Usage: python3 bench/summarize-glue.py"""
import json, statistics
from pathlib import Path

root = Path("bench/results/glue-table")
tasks = [("cola", "CoLA", ["mcc"]), ("sst2", "SST-2", ["accuracy"]), ("mrpc", "MRPC", ["f1", "accuracy"]),
         ("stsb", "STS-B", ["pearson", "spearman"]), ("qqp", "QQP", ["f1", "accuracy"]), ("mnli", "MNLI", ["accuracy"]),
         ("qnli", "QNLI", ["accuracy"]), ("rte", "RTE", ["accuracy"])]
methods = [("head-only", "head-only (frozen probe)"), ("lora", "LoRA"), ("enhanced-lora", "enhanced LoRA"), ("full", "full fine-tuning")]

def score(result, metrics):
    values = [result["regression"][m] if m in ("pearson", "spearman") else result[m] for m in metrics]
    return 100 * sum(values) / len(values)

print("| method | " + " | ".join(title for _, title, _ in tasks) + " | average |")
print("|---|" + "---|" * (len(tasks) + 1))
for method, label in methods:
    cells, means = [], []
    for task, _, metrics in tasks:
        scores = [score(json.loads(p.read_text()), metrics) for p in sorted((root / task / method).glob("seed*/result.json"))]
        if not scores:
            cells.append("")
            continue
        means.append(statistics.mean(scores))
        spread = f" ± {statistics.stdev(scores):.1f}" if len(scores) > 1 else ""
        cells.append(f"{statistics.mean(scores):.1f}{spread}")
    average = f"{statistics.mean(means):.1f}" + ("" if len(means) == len(tasks) else f" ({len(means)} tasks)") if means else ""
    print(f"| {label} | " + " | ".join(cells) + f" | {average} |")
