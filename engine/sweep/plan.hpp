#pragma once
// A sweep file (YAML) and its expansion into members. A sweep names a base config and varies
// config keys over lists, ranges or random draws (full grid, random or Latin-hypercube
// sampling); each point of the design is run `replicates` times with different seeds. Expansion
// is a pure function of the file: the same file always gives the same members, values and seeds.
//
//   name: small                 # default: the file's stem
//   base: small_base.yaml       # config every member starts from (relative to this file)
//   out: out/sweeps/small       # default output folder (relative to the working directory)
//   seed: 7                     # sweep seed (default: a hash of the name)
//   sampling: grid              # grid | random | latin_hypercube
//   samples: 20                 # points drawn (random, latin_hypercube)
//   replicates: 2               # seeds per point
//   seeds: independent          # independent | common (replicate r has one seed at every point)
//   threads: 1                  # threads per member
//   set: {time.duration: "2 h"} # fixed overrides for every member
//   vary:
//     a.b.c: ["10 um", "20 um"]                           # list (any YAML values)
//     a.b.d: {start: "1 h", stop: "3 h", step: "1 h"}     # range, stop included
//     a.b.e: {start: 0.01, stop: 1, num: 5, spacing: log} # range by count (linear|log)
//     a.b.f: {uniform: ["0.1 1/min", "0.3 1/min"]}       # draws (random, latin_hypercube)
//     a.b.g: {log_uniform: [1e-3, 1e-1]}
//     a.b.h: {normal: {mean: "12 um/min", sd: "3 um/min"}, clip: ["1 um/min", "30 um/min"]}
//     a.b.i: {lognormal: {median: "2 d", sigma: 0.5}}
//     a.b.j: {choice: [point, field], weights: [3, 1]}
//     a.b.k: {uniform: [1000, 4000], integer: true}       # rounded to whole numbers
//   slurm: {time: "2 h", tasks: 50, signal_before: "2 min", partition: ..., account: ...,
//           mem: 4G, cpus_per_task: 2, requeue: true, sbatch: ["--qos=normal"]}
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/error.hpp"
#include "engine/model/registry.hpp"

namespace msabm::sweep {

enum class Sampling { Grid, Random, LatinHypercube };

/// One value a varied key takes in one member.
struct Value {
  std::string yaml;              ///< YAML text applied as `key=<yaml>`
  std::optional<double> number;  ///< numeric value in the key's unit (numbers, quantities)
};

/// A varied config key.
struct VariedKey {
  std::string key;   ///< config path "a.b.c"
  Location where;    ///< where the sweep file varies it
  std::string kind;  ///< list, range, uniform, log_uniform, normal, lognormal, choice
  std::string unit;  ///< unit of Value::number ("" for plain numbers and text)
};

struct Member {
  int id = 0;         ///< 0 .. members-1; point * replicates + replicate
  int point = 0;      ///< design point
  int replicate = 0;  ///< 0 .. replicates-1
  std::uint64_t seed = 0;
  std::vector<Value> values;  ///< one per Plan::keys
};

/// A fixed override of every member (`set:`).
struct FixedOverride {
  std::string key;
  std::string yaml;
  Location where;
};

struct SlurmSettings {
  double time_minutes = 60;      ///< per array task
  double signal_before_s = 120;  ///< how long before the limit tasks are told to checkpoint
  int tasks = 0;                 ///< array size (0: one task per member, at most 1000)
  int members_per_task = 0;      ///< alternative to tasks
  int cpus_per_task = 0;         ///< 0: the member thread count
  std::string partition, account, mem;
  bool requeue = true;              ///< a task interrupted at its limit requeues itself
  std::vector<std::string> sbatch;  ///< extra #SBATCH options, e.g. "--qos=normal"
};

struct Plan {
  std::string name;
  std::filesystem::path file;                ///< the sweep file, absolute
  std::filesystem::path base;                ///< the base config, absolute
  std::optional<std::filesystem::path> out;  ///< `out:` (relative to the working directory)
  Sampling sampling = Sampling::Grid;
  int samples = 0;
  int points = 0;
  int replicates = 1;
  bool common_seeds = false;
  std::uint64_t seed = 0;
  int threads = 1;
  std::vector<FixedOverride> fixed;
  std::vector<VariedKey> keys;
  std::vector<Member> members;
  SlurmSettings slurm;

  /// The `--set` assignments of a member: fixed ones first, then its varied values.
  [[nodiscard]] std::vector<std::string> overrides(const Member& m) const;
  /// "a.b.c=10 um, d=2" for messages.
  [[nodiscard]] std::string describe(const Member& m) const;
  /// A hash of everything that defines the members (base file name, overrides, seeds), to
  /// recognise the same sweep when resuming.
  [[nodiscard]] std::string fingerprint() const;
  [[nodiscard]] std::string sampling_name() const;
};

/// Reads and expands a sweep file. Throws InputError naming file:line:col and the key.
Plan load_plan(const std::filesystem::path& sweep_file);

/// Validates every member's config (base + overrides) with the engine's full validation,
/// before anything runs. Members that differ only by seed are checked once. Throws InputError
/// naming the first bad member, its varied values and the key. `progress(done, total)` is
/// called after each check.
void validate_members(const Plan& plan, const Registry& registry,
                      const std::function<void(int, int)>& progress = {});

/// The seed of (point, replicate) under a sweep seed: splitmix64 mixing, 48 bits (exact in
/// JSON readers and doubles).
std::uint64_t member_seed(std::uint64_t sweep_seed, std::uint64_t point, std::uint64_t replicate);

/// Inverse of the standard normal CDF, for p in (0, 1).
double normal_quantile(double p);

}  // namespace msabm::sweep
