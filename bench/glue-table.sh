#!/usr/bin/env bash
# The GLUE table on minilm: every GLUE task in ../shared/data × head-only (the frozen probe), LoRA, enhanced LoRA (C3
# on two-class pairs only, as the portal's glue-suite preset runs it) and full fine-tuning, each at its tuned defaults,
# through the agent's `train` command. Each run holds 10 % of its training examples out as the selection split (best
# epoch chosen there by accuracy, by MCC on CoLA, by Pearson on STS-B); the dev file is evaluated once, for the report. Reduced to fit two CPU cores: the first
# TRAIN_EXAMPLES training examples of each task and at most EPOCHS epochs.
# Usage: bash bench/glue-table.sh [TRAIN_EXAMPLES] [EPOCHS] [SEEDS] [TASKS] [METHODS]   then: python3 bench/summarize-glue.py
#   defaults: 2000, 2, "1", all eight tasks, "head-only lora enhanced-lora full"
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-2000}
epochs=${2:-2}
seeds=${3:-1}
tasks=${4:-cola sst2 mrpc stsb qqp mnli qnli rte}
methods=${5:-head-only lora enhanced-lora full}
out=bench/results/glue-table
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

for seed in $seeds; do
  for task in $tasks; do
    data=../shared/data/$task
    for method in $methods; do
      dir="$out/$task/$method/seed$seed"
      [ -f "$dir/result.json" ] && continue   # a rerun picks up where it stopped
      extra=()
      # C3 and the bi-encoder's pair need two texts and two classes (the validator says so by name otherwise).
      case "$method:$task" in
        enhanced-lora:cola|enhanced-lora:sst2|enhanced-lora:stsb|enhanced-lora:mnli) extra+=(--no-match-score) ;;
      esac
      # As the glue-suite preset: CoLA's checkpoints by its MCC (accuracy keeps the majority class); STS-B's by Pearson.
      [ "$task" = cola ] && extra+=(--best-metric mcc)
      echo "== $task $method seed $seed" >&2
      mkdir -p "$dir"
      agent train --task "$task" --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm \
        --method "$method" "${extra[@]}" --epochs "$epochs" --max-train-samples "$examples" --seed "$seed" --threads 2 \
        --output-dir "$dir" 2> "$dir/train.log" | tail -n 1
    done
  done
done
