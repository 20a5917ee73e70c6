#pragma once
// How many threads `msabm run` uses when --threads is not given: the cores it was given.
// SLURM_CPUS_PER_TASK (a Slurm job step's allocation), else OMP_NUM_THREADS (what a user or a
// site sets for OpenMP programs), else the cores this process may run on. A variable that is
// set but not a whole number from 1 to 1024 is an input error naming it (exit 2).
namespace msabm::cli {

int default_thread_count();

}  // namespace msabm::cli
