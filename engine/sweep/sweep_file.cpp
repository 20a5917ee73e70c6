#include "engine/sweep/sweep_file.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include <fmt/format.h>

#include "engine/config/tree.hpp"
#include "engine/core/rng.hpp"
#include "engine/units/quantity.hpp"

namespace msabm::sweep {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kTopKeys = {"name",     "base",    "out",        "seed",
                                           "sampling", "samples", "replicates", "seeds",
                                           "threads",  "set",     "vary",       "slurm"};

std::string plain_name(const config::Section& root) {
  const std::string name = root.string("name");
  const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
  if (!ok) {
    root.fail("name",
              fmt::format("'{}' is not a plain name (letters, digits, '-', '_', '.')", name));
  }
  return name;
}

fs::path base_config(const config::Section& root, const fs::path& sweep_file) {
  if (!root.has("base")) {
    root.fail("base", "required key is missing: the config every member starts from");
  }
  const fs::path base(root.string("base"));
  const fs::path path =
      (base.is_absolute() ? base : sweep_file.parent_path() / base).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    root.fail("base", fmt::format("cannot read base config '{}'", path.string()));
  }
  return path;
}

Sampling sampling_of(const std::string& name) {
  if (name == "random") return Sampling::Random;
  if (name == "latin_hypercube") return Sampling::LatinHypercube;
  return Sampling::Grid;
}

std::vector<FixedOverride> read_fixed(const config::Section& root) {
  const config::Node set = root.node("set");
  if (set.present() && !set.is_map()) {
    set.fail("expected a map of config keys to fixed values, found " + set.describe());
  }
  const config::Section map = set.section();
  std::vector<FixedOverride> fixed;
  for (const auto& key : map.keys())
    fixed.push_back({key, map.node(key).yaml(), map.location(key)});
  return fixed;
}

SlurmSettings read_slurm(const config::Section& root) {
  SlurmSettings s;
  const config::Section slurm = root.section("slurm");
  slurm.expect_keys({"time", "signal_before", "tasks", "members_per_task", "cpus_per_task",
                     "partition", "account", "mem", "requeue", "sbatch"});
  if (slurm.has("time")) s.time_minutes = slurm.quantity("time", "min", config::Range::at_least(1));
  if (slurm.has("signal_before")) {
    // Slurm takes 1 to 65535 s; read in internal units (min).
    const config::Range range = config::Range::closed(units::to_internal("1 s", "min"),
                                                      units::to_internal("65535 s", "min"));
    s.signal_before_s = slurm.quantity("signal_before", "s", range) * 60;
  }
  if (slurm.has("tasks") && slurm.has("members_per_task")) {
    root.fail("slurm", "give 'tasks' or 'members_per_task', not both");
  }
  s.tasks = static_cast<int>(slurm.integer("tasks", s.tasks, 1, kMaxMembers));
  s.members_per_task =
      static_cast<int>(slurm.integer("members_per_task", s.members_per_task, 1, kMaxMembers));
  s.cpus_per_task = static_cast<int>(slurm.integer("cpus_per_task", s.cpus_per_task, 1, 1024));
  s.partition = slurm.string("partition", s.partition);
  s.account = slurm.string("account", s.account);
  s.mem = slurm.string("mem", s.mem);
  s.requeue = slurm.boolean("requeue", s.requeue);
  const config::Node sbatch = slurm.node("sbatch");
  if (sbatch.present() && !sbatch.is_list()) {
    sbatch.fail("expected a list of options such as ['--qos=normal'], found " + sbatch.describe());
  }
  for (const auto& item : sbatch.items()) {
    const std::string& option = item.text("an sbatch option such as '--qos=normal'");
    if (!option.starts_with("--") || option.find('\n') != std::string::npos) {
      item.fail(fmt::format("'{}' is not an sbatch option like '--qos=normal'", option));
    }
    s.sbatch.push_back(option);
  }
  return s;
}

std::vector<KeySpec> read_varied(const config::Section& root, const Plan& plan) {
  const config::Node vary = root.node("vary");
  if (vary.present() && !vary.is_map()) {
    vary.fail("expected a map of config keys to values, ranges or draws, found " + vary.describe());
  }
  const config::Section map = vary.section();
  std::vector<KeySpec> specs;
  for (const auto& key : map.keys()) {
    KeySpec spec = read_varied_key(map, key);
    for (const auto& f : plan.fixed) {
      if (f.key == key)
        spec.node.fail(fmt::format("'{}' is both varied and fixed under 'set:'", key));
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

/// How many points: a grid's combinations (lists and ranges only), or `samples:` draws.
void check_design(const config::Section& root, const Plan& plan,
                  const std::vector<KeySpec>& specs) {
  if (plan.sampling != Sampling::Grid) return;
  long long count = 1;
  for (const auto& s : specs) {
    if (s.is_draw()) {
      s.node.fail(fmt::format(
          "a '{}' draw needs sampling: random or latin_hypercube (a grid takes lists and ranges)",
          s.info.kind));
    }
    count *= static_cast<long long>(s.discrete.size());
    if (count * plan.replicates > kMaxMembers) {
      root.fail("vary", fmt::format("the grid has more than {} members", kMaxMembers));
    }
  }
}

}  // namespace

SweepFile read_sweep_file(const fs::path& path) {
  const config::Reader reader(config::Tree::load_standalone_file(path, "sweep"));
  const config::Section root = reader.root();
  if (!root.has("vary") && (root.has("patches") || root.has("time") || root.has("extends"))) {
    throw InputError(fmt::format("{0} is a simulation config (it has '{1}:' and no 'vary:'), not a sweep file: "
                                 "run it with msabm run {0}",
                                 path.string(), root.has("patches") ? "patches" : root.has("time") ? "time" : "extends"));
  }
  root.expect_keys(kTopKeys);

  SweepFile file;
  Plan& plan = file.plan;
  std::error_code ec;
  plan.file = fs::absolute(path, ec).lexically_normal();
  plan.name = root.has("name") ? plain_name(root) : reader.name();
  plan.base = base_config(root, plan.file);
  if (root.has("out")) plan.out = fs::path(root.string("out"));
  plan.seed = root.has("seed") ? static_cast<std::uint64_t>(root.integer(
                                     "seed", 0, 0, std::numeric_limits<std::int64_t>::max()))
                               : purpose_key(plan.name);
  const std::string sampling =
      root.choice("sampling", "grid", {"grid", "random", "latin_hypercube"});
  plan.sampling = sampling_of(sampling);
  plan.replicates = static_cast<int>(root.integer("replicates", 1, 1, kMaxMembers));
  plan.common_seeds = root.choice("seeds", "independent", {"independent", "common"}) == "common";
  plan.threads = static_cast<int>(root.integer("threads", 1, 1, 1024));
  if (plan.sampling == Sampling::Grid) {
    if (root.has("samples")) {
      root.fail("samples",
                "a grid runs every combination; 'samples' goes with sampling: random or "
                "latin_hypercube");
    }
  } else {
    if (!root.has("samples")) {
      root.fail("sampling",
                fmt::format("sampling: {} needs 'samples': how many points to draw", sampling));
    }
    plan.samples = static_cast<int>(root.integer("samples", 0, 1, kMaxMembers));
    if (static_cast<long long>(plan.samples) * plan.replicates > kMaxMembers) {
      root.fail("samples", fmt::format("more than {} members", kMaxMembers));
    }
  }
  plan.fixed = read_fixed(root);
  plan.slurm = read_slurm(root);
  file.specs = read_varied(root, plan);
  for (const auto& s : file.specs) plan.keys.push_back(s.info);
  reader.finish();
  check_design(root, plan, file.specs);
  return file;
}

}  // namespace msabm::sweep
