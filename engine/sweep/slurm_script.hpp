#pragma once
// `msabm sweep SWEEP.yaml --slurm`: an sbatch job-array script. Task t of T runs the contiguous
// member range [t*M, min((t+1)*M, N) - 1] one member at a time with
// `msabm sweep SWEEP --member K --out DIR --resume`, so a requeued task skips what it finished.
// Slurm signals the batch shell (USR1) `signal_before` ahead of the time limit; the script passes
// SIGTERM to the running member, which writes a checkpoint and stops, and the task requeues
// itself; the next attempt continues that member from its checkpoint.
#include <filesystem>
#include <string>

#include "engine/sweep/plan.hpp"

namespace msabm::sweep {

struct SlurmLayout {
  int tasks = 1;             ///< array size
  int members_per_task = 1;  ///< contiguous members per task (the last may have fewer)
};

SlurmLayout slurm_layout(const Plan& plan);

/// The script text. Paths are written as given; pass absolute ones.
std::string slurm_script(const Plan& plan, const std::filesystem::path& sweep_file,
                         const std::filesystem::path& out, const std::filesystem::path& exe,
                         int threads);

/// "D-HH:MM:SS" (Slurm's --time format) of a duration in minutes, rounded up to whole seconds.
std::string slurm_time(double minutes);

}  // namespace msabm::sweep
