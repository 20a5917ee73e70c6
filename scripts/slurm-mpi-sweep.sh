#!/bin/bash
# Runs a whole msabm sweep inside ONE Slurm allocation, its members spread over MPI ranks with
# dynamic load balancing (rank 0 hands out members as ranks become free). An alternative to the
# job array that `msabm sweep SWEEP --slurm` writes, for clusters that favour few large jobs.
#
#   sbatch --nodes=4 --ntasks-per-node=32 --time=12:00:00 scripts/slurm-mpi-sweep.sh \
#          configs/sweeps/cluster.yaml [--out DIR] [--threads 1]
#
# Each rank runs one member at a time with --threads (default: SLURM_CPUS_PER_TASK, else 1).
# Slurm sends SIGUSR1 to this script 3 minutes before the time limit: it passes SIGTERM to
# mpirun, which hands it to every rank; running members write a checkpoint and stop. Submit the
# same command again (or let --requeue do it): the sweep resumes, skipping finished members and
# continuing the interrupted ones from their checkpoints.
# The output folder must be on a file system every node sees. MSABM=/path/to/msabm selects the
# executable (default: build/release/apps/msabm under the submit directory, else msabm on PATH).
#SBATCH --job-name=msabm-sweep
#SBATCH --ntasks=4
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
#SBATCH --signal=B:USR1@180
#SBATCH --open-mode=append
set -u
if [[ $# -lt 1 ]]; then
  echo "usage: sbatch [options] $0 SWEEP.yaml [msabm sweep options]" >&2
  exit 2
fi
cd "${SLURM_SUBMIT_DIR:-.}"
msabm=${MSABM:-}
if [[ -z $msabm ]]; then
  if [[ -x build/release/apps/msabm ]]; then msabm=$PWD/build/release/apps/msabm; else msabm=msabm; fi
fi
threads=${SLURM_CPUS_PER_TASK:-1}

child=
on_signal() { [[ -n $child ]] && kill -TERM "$child" 2>/dev/null; }
trap on_signal USR1 TERM INT

# Give the ranks a minute between SIGTERM and SIGKILL to let their members checkpoint.
mpirun --mca odls_base_sigkill_timeout 60 "$msabm" sweep "$@" --resume --threads "$threads" &
child=$!
wait "$child"
status=$?
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
exit $status
