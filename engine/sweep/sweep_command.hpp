#pragma once
// `msabm sweep SWEEP.yaml`: expands the sweep file, validates every member before anything runs,
// and runs the members locally (--jobs at a time), over MPI ranks (under mpirun/srun), one member
// (--member K, what a Slurm array task calls), or writes a Slurm job-array script (--slurm).
//
// Output folder (default out/<name>):
//   sweep.yaml          copy of the sweep file      sweep_plan.json   what the members are
//   members/NNNN/       one member: member.yaml, status.json, log.txt, and the run's own files
//   sweep_summary.csv   one row per member          sweep_summary.h5  the same, per column
//   <name>.sbatch       the Slurm script (--slurm)
// Exit codes: 0 every member ok; 1 some member failed (the others ran); 2 bad input (nothing
// ran); 3 stopped by SIGTERM/SIGINT (continue with --resume).
#include <filesystem>
#include <optional>

#include "engine/model/registry.hpp"

namespace msabm::sweep {

struct SweepRequest {
  std::filesystem::path sweep_file;
  std::optional<std::filesystem::path> out;  ///< default: `out:` of the file, else out/<name>
  std::optional<int> jobs;                   ///< members at a time (per MPI rank)
  std::optional<int> threads;                ///< per member; default `threads:` of the file
  std::optional<int> member;                 ///< run only this member
  bool resume = false;                       ///< skip finished members, continue interrupted ones
  bool overwrite = false;                    ///< run every member again
  bool dry_run = false;                      ///< validate and list the members; run nothing
  bool slurm = false;                        ///< write the Slurm job-array script
  bool summarize = false;                    ///< rebuild the summary from the member folders
  bool quiet = false;                        ///< no progress lines
  std::filesystem::path exe;  ///< the msabm executable members run with (default: this one)
};

/// Returns the exit code; throws InputError for bad input (before anything runs).
int run_sweep(const SweepRequest& request, const Registry& registry);

}  // namespace msabm::sweep
