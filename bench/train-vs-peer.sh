#!/usr/bin/env bash
# Training step: our LoRA step (the agent's Trainer.ForwardBackward, clip, AdamW) against plain PyTorch on the same
# batches, alternating processes (C#, python; ROUNDS=2 repeats the pair) so both sides see the machine's load in turn.
# Needs Debian's python3-torch for the peer (apt-get install -y python3-torch); without it only our side runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
dotnet build bench/LabPortal.Bench -c Release -nologo -v:q -clp:ErrorsOnly
bench=bench/LabPortal.Bench/bin/Release/net10.0/linux-x64/LabPortal.Bench.dll
# Debian's python3-torch lives in the system python; a pyenv or venv python3 first on PATH does not see it.
python=python3
if ! python3 -c 'import torch' 2>/dev/null && /usr/bin/python3 -c 'import torch' 2>/dev/null; then python=/usr/bin/python3; fi
for round in $(seq "${ROUNDS:-1}"); do
  echo "== round $round: ours (LoRA only)"
  dotnet "$bench" train --full 0 | tail -3
  if "$python" -c 'import torch' 2>/dev/null; then
    echo "== round $round: python3-torch peer"
    "$python" bench/peer_lora_step.py
  else
    echo "python3-torch is not installed: the peer is skipped."
  fi
done
