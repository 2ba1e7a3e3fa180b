#!/usr/bin/env bash
# training.precision's quality check (issue #17 item 3): plain LoRA at its tuned defaults on the first N QQP training
# pairs, the same seed, once in fp32 and once with bf16-frozen weights, through the agent's `train` command; prints
# each run's dev ACC and training time. Usage: bash bench/precision-quality.sh [PAIRS] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-4000}
epochs=${2:-2}
data=../shared/data/qqp
out=bench/results/precision-$pairs
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

for precision in fp32 bf16-frozen; do
  [ -f "$out/$precision/result.json" ] && continue   # a rerun picks up where it stopped
  echo "== $precision (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  agent train --task qqp --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm --method lora \
    --epochs "$epochs" --batch-size 32 --max-seq-length 64 --seed 1 --threads 2 --max-train-samples "$pairs" \
    --precision "$precision" --output-dir "$out/$precision" | tail -n 1
  echo "   done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

for precision in fp32 bf16-frozen; do
  python3 - "$out/$precision/result.json" "$precision" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = r.get("evaluation") or r.get("Evaluation") or {}
tp, tn, fp, fn = (e.get(k, 0) for k in ("truePositives", "trueNegatives", "falsePositives", "falseNegatives"))
total = tp + tn + fp + fn
print(f"{sys.argv[2]}: dev ACC {(tp + tn) / total:.4f} ({tp + tn}/{total}), train {r.get('trainSeconds', 0):.0f} s, "
      f"{r.get('examplesPerSecond', 0):.1f} examples/s, peak {r.get('peakMemoryBytes', 0) / 1e6:.0f} MB, steps {r.get('steps')}")
PY
done
