#!/usr/bin/env bash
# docs/sharding.md's Slurm job array, for real, on this one machine: starts munge and a
# single-node Slurm (controller and node daemon, their state in a scratch folder), runs
# `pollbench run --shard i/N` as a job array and `pollbench merge` as a job that waits
# for the array (--dependency=afterok), then checks the merged JSON against one whole
# run, byte for byte. Not in CI: it needs root, and installs Debian's slurm-wlm and
# munge when they are missing.
#   bash scripts/slurm-sweep.sh [POLLBENCH_BINARY] [SHARDS] [SCENARIO]
# (defaults build/release/pollbench, 4, the default scenario). Exit 0 when identical.
set -euo pipefail
binary=$(realpath -e "${1:-build/release/pollbench}")
shards=${2:-4}
scenario_args=()
[ -n "${3:-}" ] && scenario_args=(--scenario "$(realpath -e "$3")")
[ "$(id -u)" -eq 0 ] || {
  echo "slurm-sweep: needs root (it starts munged, slurmctld and slurmd)" >&2
  exit 2
}
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge
fi

work=$(mktemp -d)
chmod 755 "$work"
started=()
cleanup() {
  [ -n "${SLURM_CONF:-}" ] && scancel --quiet --user=root 2>/dev/null || true
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  # The daemons write their state as they stop: the folder goes once they are gone.
  for pid in "${started[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$work"
}
trap cleanup EXIT

# munge authenticates Slurm's daemons and commands to each other.
install -d -o munge -g munge -m 755 "$work/munge"
runuser -u munge -- munged --socket="$work/munge/socket" --pid-file="$work/munge/pid" --log-file="$work/munge/log"
started+=("$(cat "$work/munge/pid")")

node=$(hostname -s)
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=pollbench
SlurmctldHost=$node
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=sweep Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [ -s "$work/slurmctld.pid" ] && [ -s "$work/slurmd.pid" ] && break; sleep 0.1; done
started+=("$(cat "$work/slurmctld.pid")" "$(cat "$work/slurmd.pid")")
for _ in $(seq 300); do sinfo -h -o %t 2>/dev/null | grep -qx idle && break; sleep 0.1; done
sinfo -h -o %t | grep -qx idle || {
  echo "slurm-sweep: the node never became idle:" >&2
  tail -n 20 "$work/slurmctld.log" "$work/slurmd.log" >&2
  exit 1
}
echo "slurm-sweep: Slurm $(sinfo -V | cut -d' ' -f2) up on $node ($(nproc) CPUs); $shards shards" >&2

start=$(date +%s.%N)
array=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task=1 --output="$work/part-%a.log" \
  --wrap "'$binary' run ${scenario_args[*]} --shard \$SLURM_ARRAY_TASK_ID/$shards --format json > '$work'/part-\$SLURM_ARRAY_TASK_ID.json")
merge=$(sbatch --parsable --dependency=afterok:"$array" --output="$work/merge.log" \
  --wrap "'$binary' merge --in '$work'/part-*.json --format json > '$work'/merged.json")
echo "slurm-sweep: submitted array job $array and merge job $merge (afterok:$array)" >&2
for _ in $(seq 6000); do [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break; sleep 0.1; done
finished=$(date +%s.%N)
[ -s "$work/merged.json" ] || {
  echo "slurm-sweep: the merge job left no result:" >&2
  cat "$work"/*.log >&2
  exit 1
}

"$binary" run "${scenario_args[@]}" --format json >"$work/whole.json" 2>/dev/null
echo "slurm-sweep: array and merge took $(awk -v a="$start" -v b="$finished" 'BEGIN { printf "%.1f", b - a }') s wall;" \
  "merged $(wc -c <"$work/merged.json") bytes, whole run $(wc -c <"$work/whole.json") bytes" >&2
if cmp -s "$work/merged.json" "$work/whole.json"; then
  echo "slurm-sweep: the merged job array is byte-identical to the whole run"
else
  echo "slurm-sweep: the merged job array DIFFERS from the whole run:" >&2
  diff <(head -c 2000 "$work/merged.json") <(head -c 2000 "$work/whole.json") >&2 || true
  exit 1
fi
