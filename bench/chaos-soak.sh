#!/usr/bin/env bash
# The full chaos soak (issue #13): a portal and three agents, as separate processes, train RUNS short runs while a seeded
# schedule kills agents (SIGKILL), stops them (SIGTERM), cuts their links and kills the portal, at least FAULTS times;
# then the same specs train again undisturbed. Passes when every run succeeded with the metrics of its undisturbed twin
# and every attempt's points are stored once, without gaps. CI runs a small one (3 runs, 8 faults) through the same test.
# Usage: bash bench/chaos-soak.sh [RUNS] [FAULTS] [SEED]      (defaults 12, 24, 1; the result goes to bench/results/chaos-soak.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build LabPortal.sln -nologo -v:q >/dev/null
LABPORTAL_SOAK_RUNS=${1:-12} LABPORTAL_SOAK_FAULTS=${2:-24} LABPORTAL_SOAK_SEED=${3:-1} \
LABPORTAL_SOAK_REPORT="$PWD/bench/results/chaos-soak.txt" \
  dotnet test tests/Portal.Tests --no-build --filter "FullyQualifiedName~ChaosSoakTests" --logger "console;verbosity=detailed" |
  grep -E "fault [0-9]+:|faults \(|Passed|Failed" || true
cat bench/results/chaos-soak.txt
