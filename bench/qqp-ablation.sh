#!/usr/bin/env bash
# The method table on real QQP: MiniLM with enhanced LoRA, its three ablations, plain LoRA, full fine-tuning and
# head-only, each on three seeds, through the agent's own `train` command (the engine the portal's runs use).
# Usage: bash bench/qqp-ablation.sh [TRAIN_PAIRS] [EPOCHS]     then: python3 bench/summarize.py
# Defaults are the reduced run measured in bench/README.md (2,000 training pairs, 2 epochs); pass 0 for all 8,999.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-2000}
epochs=${2:-2}
data=../shared/data/qqp
out=bench/results/qqp-ablation
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

common=(--task qqp --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm
        --epochs "$epochs" --batch-size 32 --max-seq-length 64 --seeds 1,2,3 --threads 2 --lora-r 8 --lora-alpha 16)
[ "$pairs" != 0 ] && common+=(--max-train-samples "$pairs")

# name | method flags (LoRA family at one base rate; full and head-only at rates that suit them)
variants=(
  "ours|--method enhanced-lora --learning-rate 1e-3 --lr-ratio 16"
  "no-adaptive-lr|--method enhanced-lora --learning-rate 1e-3 --no-adaptive-lr"
  "no-lowrank-init|--method enhanced-lora --learning-rate 1e-3 --lr-ratio 16 --no-lowrank-init"
  "no-match-score|--method enhanced-lora --learning-rate 1e-3 --lr-ratio 16 --no-match-score"
  "lora|--method lora --learning-rate 1e-3"
  "full|--method full --learning-rate 5e-5"
  "head-only|--method head-only --learning-rate 5e-3"
)
for entry in "${variants[@]}"; do
  name=${entry%%|*}
  read -r -a flags <<< "${entry#*|}"
  echo "== $name" >&2
  agent train "${common[@]}" "${flags[@]}" --output-dir "$out/$name" | tail -n 1
done
