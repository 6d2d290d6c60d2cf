#!/usr/bin/env bash
# `npm run test:slurm`: the README's Slurm job array, run as written on a real single-node Slurm.
#
# Installs slurm-wlm and munge with apt when they are missing, starts munged (unless one runs),
# slurmctld and slurmd on this machine with a private configuration (its own ports and state
# folder), submits the README's job script as the README prints it from a project where the package
# is installed, waits for the array, merges the shards with the README's merge command, runs the
# same sweep on one machine, and shows that both files are equal byte for byte. It stops the
# daemons it started. It needs root (apt, slurmd) and a built package (npm run build).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
say() { printf 'test:slurm: %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

[ -f "$REPO/dist/src/cli/bin.cjs" ] || fail "build the package first (npm run build)"
[ "$(id -u)" -eq 0 ] || fail "run as root (apt-get and slurmd need it)"

# 1. Slurm and munge, from Debian's packages.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

# 2. A private Slurm: its configuration, state and logs in a temporary folder.
STATE="$(mktemp -d /tmp/codesign-gym-slurm.XXXXXX)"
WORK="$STATE/work"
mkdir -p "$STATE/ctld" "$STATE/slurmd" "$WORK"
HOST="$(hostname -s)"
CPUS="$(nproc)"
export SLURM_CONF="$STATE/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=codesigngym
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1024 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
say "$(sinfo --version), $(munged --version 2>&1 | head -1 | awk '{print $1}')"

STARTED_MUNGED=""
stop() {
  # Only the daemons this script started, by their process ids.
  for pidfile in "$STATE/slurmd.pid" "$STATE/slurmctld.pid"; do
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  if [ -n "$STARTED_MUNGED" ]; then kill "$STARTED_MUNGED" 2>/dev/null || true; fi
  sleep 1
  say "daemons stopped"
  rm -rf "$STATE"
}
trap stop EXIT

# 3. munged (the authentication Slurm uses), unless one already answers.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  install -d -o munge -g munge -m 0755 /run/munge
  [ -f /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 50); do [ -f /run/munge/munged.pid ] && break; sleep 0.1; done
  STARTED_MUNGED="$(cat /run/munge/munged.pid)"
  say "munged started (pid $STARTED_MUNGED)"
fi

# 4. slurmctld and slurmd on this machine; wait for the node to be idle.
slurmctld
for _ in $(seq 1 100); do [ -f "$STATE/slurmctld.pid" ] && scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
slurmd
for _ in $(seq 1 150); do [ "$(sinfo -h -o %T 2>/dev/null | head -1)" = "idle" ] && break; sleep 0.2; done
[ "$(sinfo -h -o %T | head -1)" = "idle" ] || { cat "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2; fail "the node did not become idle"; }
say "slurmctld (pid $(cat "$STATE/slurmctld.pid")) and slurmd (pid $(cat "$STATE/slurmd.pid")) up: $(sinfo -h -o '%P %D node(s) %C CPUs (A/I/O/T) %T')"

# 5. A project with the package installed (npx codesign-gym resolves it), and the README's job script as printed.
mkdir -p "$WORK/node_modules/.bin"
ln -s "$REPO" "$WORK/node_modules/codesign-gym"
ln -s ../codesign-gym/dist/src/cli/bin.cjs "$WORK/node_modules/.bin/codesign-gym"
chmod +x "$REPO/dist/src/cli/bin.cjs"   # as npm install does for a package's bin (tsc writes it without)
awk '/^A Slurm job array/ { found = 1 } found && /^```sh$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' "$REPO/README.md" > "$WORK/job.sh"
grep -q '^#SBATCH --array=' "$WORK/job.sh" || fail "no job script found in the README"
MERGE="$(awk '/^A Slurm job array/ { found = 1 } found && /once every task has finished/ { if (match($0, /`npx codesign-gym merge[^`]*`/)) { print substr($0, RSTART + 1, RLENGTH - 2); exit } }' "$REPO/README.md")"
[ -n "$MERGE" ] || fail "no merge command found in the README"
say "the README's job script:"
sed 's/^/    /' "$WORK/job.sh"

# 6. Submit, wait for every task, merge the shards.
cd "$WORK"
START=$(date +%s)
JOB="$(sbatch --parsable --wait job.sh)" || { tail -n 20 slurm-*.out >&2 || true; fail "the job array failed"; }
TASKS="$(ls slurm-"${JOB}"_*.out | wc -l)"
say "job array $JOB: $TASKS tasks finished in $(( $(date +%s) - START )) s"
for out in slurm-"${JOB}"_*.out; do grep -q 'result(s) written to' "$out" || { cat "$out" >&2; fail "task output $out has no summary"; }; done
say "merging: $MERGE"
eval "$MERGE"

# 7. The same sweep on one machine (the README's command without --shard and --resume).
ONE="$(sed -n '/npx codesign-gym sweep/,$p' job.sh | tr -d '\\\n' | sed -e 's/--shard [^ ]*//' -e 's/--out [^ ]*/--out one-machine.jsonl/' -e 's/--resume//')"
say "one machine: $ONE"
eval "$ONE" >/dev/null 2> one-machine.log || { cat one-machine.log >&2; fail "the one-machine run failed"; }
if cmp -s sweep.jsonl one-machine.jsonl; then
  say "PASSED: the merged file equals the one-machine run byte for byte ($(wc -l < sweep.jsonl) results, $(wc -c < sweep.jsonl) bytes, sha256 $(sha256sum sweep.jsonl | cut -c1-16))"
else
  cmp sweep.jsonl one-machine.jsonl || true
  fail "the merged file differs from the one-machine run"
fi
