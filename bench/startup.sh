#!/usr/bin/env bash
# Start-up: from launching the portal process to (1) /api/health/live answering, (2) /api/health/ready answering 200,
# (3) /api/health counting one online agent (the local agent the portal starts itself has registered).
# Fresh database each time; N rounds (default 3). Needs the Release builds of src/Portal and src/Agent.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
dotnet build src/Agent -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
dotnet build src/Portal -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
portal=src/Portal/bin/Release/net10.0/LabPortal.Portal.dll
port=5189
url="http://127.0.0.1:$port"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
for round in $(seq "$rounds"); do
  folder=$(mktemp -d)
  start=$(now)
  dotnet "$portal" --urls "$url" --Lab:DatabasePath "$folder/lab.db" --Lab:DataRoot "$PWD" \
    --Lab:AdminUserName admin --Lab:AdminPassword bench-admin-password --Lab:LocalAgents 1 \
    --Lab:HeartbeatSeconds 5 --Logging:LogLevel:Default Warning >"$folder/portal.log" 2>&1 &
  pid=$!
  live="" ready="" agent=""
  for _ in $(seq 1200); do
    [ -z "$live" ] && curl -fs "$url/api/health/live" >/dev/null 2>&1 && live=$(since "$start")
    [ -n "$live" ] && [ -z "$ready" ] && curl -fs "$url/api/health/ready" >/dev/null 2>&1 && ready=$(since "$start")
    if [ -n "$ready" ] && curl -fs "$url/api/health" 2>/dev/null | grep -q '"agentsOnline":[1-9]'; then agent=$(since "$start"); break; fi
    sleep 0.05
  done
  echo "round $round: live ${live:-never} s, ready ${ready:-never} s, local agent registered ${agent:-never (60 s)} s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$folder"
done
