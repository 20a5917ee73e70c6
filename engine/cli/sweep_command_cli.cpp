#include <fmt/format.h>

#include "engine/cli/command.hpp"
#include "engine/sweep/sweep_command.hpp"

namespace msabm::cli {

Command add_sweep_command(CLI::App& app, const Registry& registry) {
  struct Options {
    sweep::SweepRequest request;
    int jobs = 0, threads = 0, member = 0;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sweep",
                                     "Run a parameter sweep or virtual cohort: locally, over MPI "
                                     "ranks (under mpirun), or as a Slurm job array");
  cmd->add_option("SWEEP", o->request.sweep_file, "Sweep file (YAML: base, vary, replicates, ...)")
      ->required();
  cmd->add_option("--out", o->request.out,
                  "Output folder (default: the file's out:, else out/<name>)");
  CLI::Option* jobs =
      cmd->add_option("--jobs", o->jobs,
                      "Members run at a time (per MPI rank; default: cores / threads, 1 under MPI)")
          ->check(CLI::Range(1, 4096));
  CLI::Option* threads =
      cmd->add_option("--threads", o->threads,
                      "Threads per member (default: the file's threads:, else 1)")
          ->check(CLI::Range(1, 1024));
  CLI::Option* resume =
      cmd->add_flag("--resume", o->request.resume,
                    "Skip finished members; continue interrupted ones from their checkpoints");
  CLI::Option* overwrite =
      cmd->add_flag("--overwrite", o->request.overwrite, "Run every member again");
  CLI::Option* dry = cmd->add_flag("--dry-run", o->request.dry_run,
                                   "Validate every member and list them; run nothing");
  CLI::Option* slurm = cmd->add_flag("--slurm", o->request.slurm,
                                     "Write a Slurm job-array script (OUT/<name>.sbatch)");
  CLI::Option* member =
      cmd->add_option("--member", o->member, "Run only member K (what the Slurm script calls)")
          ->check(CLI::NonNegativeNumber);
  CLI::Option* summarize = cmd->add_flag("--summarize", o->request.summarize,
                                         "Rebuild sweep_summary.csv/.h5 from the member folders");
  cmd->add_flag("--quiet", o->request.quiet, "No progress lines");
  resume->excludes(overwrite);
  dry->excludes(slurm)->excludes(member)->excludes(summarize)->excludes(resume)->excludes(
      overwrite);
  slurm->excludes(member)->excludes(summarize);
  member->excludes(summarize);
  return {cmd, [o, jobs, threads, member, &registry] {
            if (*jobs) o->request.jobs = o->jobs;
            if (*threads) o->request.threads = o->threads;
            if (*member) o->request.member = o->member;
            return sweep::run_sweep(o->request, registry);
          }};
}

}  // namespace msabm::cli
