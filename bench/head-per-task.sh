#!/usr/bin/env bash
# Which pair head suits which task: plain LoRA on minilm with the bi-encoder (each text alone, mean pooled; minilm's
# catalogue default) against the cross-encoder (both texts in one encoding, mean pooled), seed 1 (SEED=N for another), through the agent's
# `train` command. Each run holds 10 % of its examples out as the selection split and is compared there; the dev file
# is evaluated for reading only.
# Usage: bash bench/head-per-task.sh [TASKS] [EXAMPLES] [EPOCHS]      defaults: "mnli qnli" 4000 2
#   results: bench/results/head-per-task/<task>-<bi|cross>/result.json (…/<task>-<head>-seedN with SEED=N)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-mnli qnli}
examples=${2:-4000}
epochs=${3:-2}
seed=${SEED:-1}
out=bench/results/head-per-task
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

for task in $tasks; do
  data=../shared/data/$task
  for head in bi cross; do
    dir=$out/$task-$head$([ "$seed" != 1 ] && echo "-seed$seed" || true)
    [ -f "$dir/result.json" ] && continue   # a rerun picks up where it stopped
    echo "== $task $head-encoder" >&2
    mkdir -p "$dir"
    agent train --task "$task" --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm \
      --method lora --head "$head-encoder" --pooling mean --epochs "$epochs" --batch-size 32 --max-seq-length 128 \
      --seed "$seed" --threads 2 --max-train-samples "$examples" --output-dir "$dir" 2> "$dir/train.log" | tail -n 1
  done
done
for result in "$out"/*/result.json; do
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(sys.argv[1].split("/")[-2], "selection ACC", r["selection"]["accuracy"], "dev ACC", round(r["accuracy"], 4))' "$result"
done
