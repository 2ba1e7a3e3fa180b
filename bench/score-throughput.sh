#!/usr/bin/env bash
# Batch scoring and the playground's per-pair latency (issue #17 item 5): trains MiniLM with LoRA and with the
# enhanced LoRA (C1 + C2 + C3) on the first N QQP training pairs, in fp32 (scoring folds the adapters into the
# weights) and in bf16-frozen (what auto picks on a CPU with AVX512-BF16; scored unmerged, in bfloat16, as it was
# evaluated), then scores the 500 dev pairs with each through the
# agent's `score` command: whole file in batches (throughput, against ONNX Runtime's base encoder on the same token
# sequences, in the same process) and one pair per call as the playground does (p50/p95, warm).
# Usage: [SEED=N] bash bench/score-throughput.sh [PAIRS] [BATCH]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-2000}
batch=${2:-32}
data=../shared/data/qqp
seed=${SEED:-1}
out=bench/results/score-$pairs-seed$seed
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

for precision in fp32 bf16-frozen; do
  for method in lora enhanced-lora; do
    run="$out/$method-$precision"
    if [ ! -f "$run/result.json" ]; then   # a rerun scores the runs it already trained
      agent train --task qqp --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm --method "$method" \
        --precision "$precision" --epochs 1 --seed "$seed" --threads 2 --max-train-samples "$pairs" --output-dir "$run" | tail -n 1 >/dev/null
    fi
    echo "== $method, $precision (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    agent score --run "$run" --data "$data/dev.tsv" --threads 2 --batch-size "$batch" --latency 200 --compare-onnx \
      --output "$run/scores.tsv" | tail -n 1 | tee "$run/score.json"
  done
done

# The table for bench/README.md §9, from the score.json files of this run.
python3 - "$out" <<'PY'
import json, pathlib, sys
print("| run | dev ACC (decided by) | pairs/s | tokens/s, ours | tokens/s, ONNX Runtime | ours ÷ ORT | one pair p50 / p95 | load |")
print("|---|---|---|---|---|---|---|---|")
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/score.json")):
    r = json.loads(path.read_text())
    lat = r["latency"]
    print(f"| {path.parent.name} | {r['metrics']['accuracy']:.3f} ({r['decidedBy']}) | {r['pairsPerSecond']:.0f} | {r['tokensPerSecond']:,.0f} | "
          f"{r['onnxRuntimeTokensPerSecond']:,.0f} | {r['oursOverOnnxRuntime']:.2f} | {lat['p50Milliseconds']:.1f} / {lat['p95Milliseconds']:.1f} ms | {r['loadAverage']} |")
PY
