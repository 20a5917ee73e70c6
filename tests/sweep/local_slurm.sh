#!/usr/bin/env bash
# A throw-away single-node Slurm cluster on loopback, for tests/sweep/real_slurm_test.cpp.
#   local_slurm.sh start DIR   writes DIR/slurm.conf and a munge key, starts munged, slurmctld
#                              and slurmd (all state, spool, sockets and logs in DIR), waits
#                              until the node accepts jobs; exit 0 and DIR/env holds the
#                              variables the clients need (SLURM_CONF, ...)
#   local_slurm.sh stop DIR    stops the daemons started by `start DIR` (by their pid files)
# `start` exits 77 with the reason on stderr where Slurm cannot run here (not installed, cannot
# bind a port, daemon refused to start), so that the test can say why it was skipped.
# Runs as the current user: the daemons' SlurmUser/SlurmdUser is that user, jobs run as that
# user, and nothing needs root or cgroups (proctrack/pgid, task/none); tried as root and as
# `nobody`. Debian 12's slurm-wlm 22.05 and munge 0.5 (scripts/install-deps.sh installs both).
set -uo pipefail

cmd=${1:?usage: local_slurm.sh start|stop DIR}
dir=${2:?usage: local_slurm.sh start|stop DIR}
skip() {
  echo "local_slurm: $*" >&2
  exit 77
}
# The last lines of the given logs (for the reason of a skip).
tail_logs() { cat "$@" 2>/dev/null | tail -n 5; }

stop_all() {
  # Our own daemons only: each by the pid it wrote in DIR.
  local f pid
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [[ -s $dir/$f ]] || continue
    pid=$(<"$dir/$f")
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

if [[ $cmd == stop ]]; then
  stop_all
  exit 0
fi
[[ $cmd == start ]] || { echo "local_slurm: unknown command '$cmd'" >&2; exit 2; }

for exe in munged slurmctld slurmd sbatch squeue scontrol sinfo; do
  command -v "$exe" >/dev/null || skip "$exe not found (scripts/install-deps.sh installs slurm-wlm and munge)"
done

mkdir -p "$dir"/{state,spool,munge}
chmod 700 "$dir" "$dir/munge"
user=$(id -un)
host=$(hostname -s)
cpus=$(nproc)
# 90% of the memory in MB: slurmd refuses a node that claims more than it has.
mem_mb=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)

# munge: its own key, socket, pid and log in DIR (the system's munged, if any, is not used).
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
munge_socket=$dir/munge/munge.socket
munged --force --socket="$munge_socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/seed" \
  2>"$dir/munged.err" || skip "munged did not start: $(tail_logs "$dir/munged.err" "$dir/munged.log")"

# Two free TCP ports (not bound by anyone now, per /proc/net/tcp*): other test runs on this
# machine may run clusters of their own.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    grep -qi ":$(printf %04X "$p") " /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$p"; return; }
  done
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[[ $slurmd_port != "$ctld_port" ]] || slurmd_port=$((ctld_port + 1))

cat >"$dir/slurm.conf" <<EOF
# Written by tests/sweep/local_slurm.sh: one node, this machine, loopback only.
ClusterName=msabmtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
# cred_expire: a requeued job may start again only once its credential has expired (the slurmd
# refuses to launch a job id it killed until then: "Job credential revoked"); 20 s instead of
# 120 s, so that a requeued job starts again by itself within the test's wait.
AuthInfo=socket=$munge_socket,cred_expire=20
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups, no root: processes tracked by process group, no task binding or accounting.
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
# CPUs are scheduled one by one, so array tasks share the node.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
# Short timers: the test waits on them (time limits are checked every 30 s whatever these say).
MinJobAge=300
KillWait=10
InactiveLimit=0
SlurmdTimeout=60
SlurmctldTimeout=60
MessageTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF=$dir/slurm.conf
printf 'SLURM_CONF=%q\n' "$SLURM_CONF" >"$dir/env"

# -c: no state from an earlier cluster; -i: ignore errors reading the (absent) state.
slurmctld -c -i 2>"$dir/slurmctld.err" ||
  { stop_all; skip "slurmctld did not start: $(tail_logs "$dir/slurmctld.err" "$dir/slurmctld.log")"; }
slurmd 2>"$dir/slurmd.err" ||
  { stop_all; skip "slurmd did not start: $(tail_logs "$dir/slurmd.err" "$dir/slurmd.log")"; }

# Ready when the node is idle (up to 60 s: slurmd registers with slurmctld over TCP).
for _ in $(seq 120); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -n 1)
  [[ $state == idle ]] && exit 0
  sleep 0.5
done
stop_all
skip "the node did not become idle (state '${state:-none}'): $(tail_logs "$dir/slurmctld.log" "$dir/slurmd.log")"
