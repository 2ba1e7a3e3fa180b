#!/usr/bin/env bash
# The learning-rate sweep that chose the tuned defaults (TunedDefaults in src/Shared): each method over a grid, seed 1,
# on the first N QQP training pairs, through the agent's `train` command. Every run holds 10 % of its training pairs
# out as the selection split; the winner is the best selection accuracy — the dev file plays no part in the choice.
# Usage: bash bench/qqp-sweep.sh base [PAIRS] [EPOCHS]          LoRA, full fine-tuning, head-only, zero-shot
#        bash bench/qqp-sweep.sh c1 [PAIRS] [EPOCHS] BASE_RATE   C1's β/α ratio (RATIOS="1 2 4 8 16") on LoRA's winning base rate
#        bash bench/qqp-sweep.sh rank [PAIRS] [EPOCHS] BASE_RATE LoRA's rank r (α = 2r, so α/r stays 2) and target layers
#        bash bench/qqp-sweep.sh head [PAIRS] [EPOCHS] BASE_RATE LoRA with the head at 3, 10 or 30 × the adapters' rate: the
#                                                               base rate goes to the head and C1's α = β = 1/k bring A and B
#                                                               back to BASE_RATE (C2 and C3 off, so it is plain LoRA otherwise)
#        SEED=N (environment) runs with another seed into bench/results/qqp-sweep-seedN
# then:  python3 bench/summarize-sweep.py [bench/results/qqp-sweep-seedN]
set -euo pipefail
cd "$(dirname "$0")/.."
phase=${1:?base or c1}
pairs=${2:-4000}
epochs=${3:-2}
base=${4:-1e-3}
data=../shared/data/qqp
seed=${SEED:-1}
out=bench/results/qqp-sweep
[ "$seed" != 1 ] && out=bench/results/qqp-sweep-seed$seed
export OMP_WAIT_POLICY=PASSIVE

dotnet build src/Agent -c Release -nologo -v:q >/dev/null
agent() { dotnet src/Agent/bin/Release/net10.0/linux-x64/LabPortal.Agent.dll "$@"; }

common=(--task qqp --train-file "$data/train.tsv" --validation-file "$data/dev.tsv" --model minilm
        --epochs "$epochs" --batch-size 32 --max-seq-length 64 --seed "$seed" --threads 2 --max-train-samples "$pairs")

if [ "$phase" = base ]; then
  grid=(
    "zero-shot|--method zero-shot"
    "lora-5e-4|--method lora --learning-rate 5e-4"
    "lora-1e-3|--method lora --learning-rate 1e-3"
    "lora-2e-3|--method lora --learning-rate 2e-3"
    "lora-4e-3|--method lora --learning-rate 4e-3"
    "head-only-3e-3|--method head-only --learning-rate 3e-3"
    "head-only-1e-2|--method head-only --learning-rate 1e-2"
    "head-only-3e-2|--method head-only --learning-rate 3e-2"
    "head-only-1e-1|--method head-only --learning-rate 1e-1"
    "full-2e-5|--method full --learning-rate 2e-5"
    "full-5e-5|--method full --learning-rate 5e-5"
    "full-1e-4|--method full --learning-rate 1e-4"
    "full-2e-4|--method full --learning-rate 2e-4"
    "full-4e-4|--method full --learning-rate 4e-4"
  )
elif [ "$phase" = rank ]; then
  grid=("lora-$base|--method lora --learning-rate $base")
  for r in 4 16 32; do
    grid+=("lora-r$r|--method lora --learning-rate $base --lora-r $r --lora-alpha $((2 * r))")
  done
  grid+=("lora-all-linear|--method lora --learning-rate $base --target-modules all-linear")
elif [ "$phase" = head ]; then
  grid=("lora-$base|--method lora --learning-rate $base")
  for k in 3 10 30; do
    head_rate=$(awk "BEGIN { printf \"%.9g\", $base * $k }")
    scale=$(awk "BEGIN { printf \"%.9g\", 1 / $k }")
    grid+=("lora-head-x$k|--method enhanced-lora --no-lowrank-init --no-match-score --learning-rate $head_rate --lr-scale-a $scale --lr-scale-b $scale")
  done
else
  grid=()
  for ratio in ${RATIOS:-1 2 4 8 16}; do
    grid+=("ours-ratio-$ratio|--method enhanced-lora --learning-rate $base --lr-ratio $ratio")
  done
fi

for entry in "${grid[@]}"; do
  name=${entry%%|*}
  [ -f "$out/$name/result.json" ] && continue   # a rerun picks up where it stopped
  read -r -a flags <<< "${entry#*|}"
  echo "== $name" >&2
  agent train "${common[@]}" "${flags[@]}" --output-dir "$out/$name" | tail -n 1
done
