#!/usr/bin/env bash
# The full method table: the two baselines that train nothing (zero-shot, head-only probe), the paper's Table-2 rows
# and − matching score, plain LoRA and full fine-tuning, each at its tuned defaults (TunedDefaults; chosen by
# bench/qqp-sweep.sh on a selection split, never on dev), through the agent's `train` command. Every run holds 10 % of
# its training pairs out as the selection split: the best epoch, early stopping (patience 1) and every threshold are
# chosen there; the validation file is evaluated once, for the report. Selection accuracy is evaluated four times an
# epoch (for the convergence table). Early stopping ends a run after about 250 optimiser steps (8,000 pairs at batch 32)
# without a better one, and never after fewer than four evaluations: one epoch on QQP's 8,999 pairs, and no early stop
# within three epochs on MRPC's 3,300, where one epoch of patience measurably stopped LoRA too early (bench/README.md).
# Usage: bash bench/qqp-ablation.sh [TASK] [TRAIN_PAIRS] [MAX_EPOCHS] [SEEDS] [ROWS]     then: python3 bench/summarize.py [TASK]
#   TASK qqp (default) or mrpc; TRAIN_PAIRS 0 (default) = the whole training file; MAX_EPOCHS 5; SEEDS "1 2 3";
#   ROWS a subset of the row names below, in the order to run them (default: all).
#   PATIENCE=N (environment) stops after N evaluations without a better one instead; its results go to
#   bench/results/<task>-patienceN-table (summarize.py <task>-patienceN).
set -euo pipefail
cd "$(dirname "$0")/.."
task=${1:-qqp}
pairs=${2:-0}
epochs=${3:-5}
seeds=${4:-1 2 3}
rows=${5:-zero-shot head-only ours no-adaptive-lr no-lowrank-init no-match-score lora full}
data=../shared/data/$task
train_pairs=$([ "$pairs" != 0 ] && echo "$pairs" || echo $(( $(grep -c . "$data/train.tsv") - 1 )))
eval_every=$(( (train_pairs * 9 / 10 / 32 + 3) / 4 ))   # a quarter of an epoch at batch 32
patience_steps=250
by_rule=$(( (patience_steps + eval_every - 1) / eval_every )); [ "$by_rule" -lt 4 ] && by_rule=4
patience=${PATIENCE:-$by_rule}
out=bench/results/$task-table
[ -n "${PATIENCE:-}" ] && out=bench/results/$task-patience$patience-table
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

common=(--task "$task" --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm
        --epochs "$epochs" --early-stopping-patience "$patience" --eval-every "$eval_every" --threads 2)
[ "$pairs" != 0 ] && common+=(--max-train-samples "$pairs")

declare -A flags=(
  [zero-shot]="--method zero-shot"
  [head-only]="--method head-only"
  [ours]="--method enhanced-lora"
  [ours-chosen]="--method enhanced-lora --gamma choose --delta choose"
  [no-adaptive-lr]="--method enhanced-lora --no-adaptive-lr"
  [no-lowrank-init]="--method enhanced-lora --no-lowrank-init"
  [no-match-score]="--method enhanced-lora --no-match-score"
  [lora]="--method lora"
  [full]="--method full"
)
for seed in $seeds; do
  for name in $rows; do
    dir="$out/$name/seed$seed"
    [ -f "$dir/result.json" ] && continue   # a rerun picks up where it stopped
    read -r -a row <<< "${flags[$name]}"
    echo "== $name seed $seed" >&2
    mkdir -p "$dir"
    agent train "${common[@]}" "${row[@]}" --seed "$seed" --output-dir "$dir" 2> "$dir/train.log" | tail -n 1
  done
done
