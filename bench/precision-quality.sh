#!/usr/bin/env bash
# training.precision's quality check (issue #17 item 3): plain LoRA at its tuned defaults on the first N QQP training
# pairs, the same seed, once in fp32 and once with bf16-frozen weights, through the agent's `train` command; prints
# each run's dev ACC and training time, and how far the two runs' dev predictions are apart.
# Usage: [SEED=N] bash bench/precision-quality.sh [PAIRS] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-4000}
epochs=${2:-2}
data=../shared/data/qqp
seed=${SEED:-1}
out=bench/results/precision-$pairs-seed$seed
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

for precision in fp32 bf16-frozen; do
  [ -f "$out/$precision/result.json" ] && continue   # a rerun picks up where it stopped
  echo "== $precision (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  agent train --task qqp --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm --method lora \
    --epochs "$epochs" --batch-size 32 --max-seq-length 64 --seed "$seed" --threads 2 --max-train-samples "$pairs" \
    --precision "$precision" --output-dir "$out/$precision" | tail -n 1
  echo "   done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

for precision in fp32 bf16-frozen; do
  python3 - "$out/$precision/result.json" "$precision" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: dev ACC {r['accuracy']:.4f} (tp {r['tp']}, fp {r['fp']}, tn {r['tn']}, fn {r['fn']}), eval loss {r['evaluationLoss']:.5f}, "
      f"selection ACC {r['selection']['accuracy']:.4f}, best step {r['bestStep']} of {r['steps']}, {r['wallSeconds']:.0f} s, "
      f"{r['examplesPerSecond']:.1f} examples/s, peak {r['peakMemoryBytes'] / 1e6:.0f} MB")
PY
done
# How far apart the two models' dev predictions are: decisions that differ, and the probabilities' largest and mean gap.
paste "$out/fp32/predictions.tsv" "$out/bf16-frozen/predictions.tsv" | awk -F'\t' 'NR > 1 { n++; if ($4 != $8) d++; g = $3 - $7; if (g < 0) g = -g; if (g > m) m = g; s += g }
  END { printf "dev pairs %d: %d decisions differ; probability gap max %.4f, mean %.5f\n", n, d, m, s / n }'
