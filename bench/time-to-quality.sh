#!/usr/bin/env bash
# Time-to-quality: each method at its tuned defaults on the first N QQP training pairs (MiniLM, seed S), evaluated on
# its selection split every K steps; every output line is stamped with the seconds since that run's process started.
# The summary then finds, for each method, the first evaluation at or above the frozen probe's (head-only's) best
# selection accuracy, and reports its wall time, the examples trained on by then, and the final dev accuracy.
# Usage: bash bench/time-to-quality.sh [PAIRS] [EPOCHS] [EVAL_EVERY]; SEEDS="1 2 3" for more seeds
# then:  python3 bench/summarize-time-to-quality.py
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-4000}
epochs=${2:-2}
every=${3:-10}
data=../shared/data/qqp
out=${OUT:-bench/results/time-to-quality}
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

for seed in ${SEEDS:-1}; do
  for method in head-only lora enhanced-lora full; do
    dir=$out/seed$seed/$method
    [ -f "$dir/result.json" ] && continue   # a rerun picks up where it stopped
    mkdir -p "$dir"
    echo "== $method seed $seed (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    echo "load at start $(cut -d' ' -f1-3 /proc/loadavg)" > "$dir/load.txt"
    start=$(date +%s.%N)
    agent train --task qqp --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm \
      --method "$method" --epochs "$epochs" --batch-size 32 --max-seq-length 64 --seed "$seed" --threads 2 \
      --max-train-samples "$pairs" --eval-every "$every" --output-dir "$dir" 2>&1 \
      | while IFS= read -r line; do printf '%.2f %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$line"; done > "$dir/log.txt"
    echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$dir/load.txt"
  done
done
