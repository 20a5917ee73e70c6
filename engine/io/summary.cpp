#include "engine/io/summary.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "engine/core/simulation.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

/// Peak resident memory of this process in bytes: Linux's VmHWM (the high-water mark of this
/// program's own memory; getrusage's ru_maxrss can also count the parent's memory at fork), or
/// 0 where there is no /proc.
double peak_resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;  // "... kB"
  }
  return 0.0;
}

}  // namespace

std::string summary_json(const Simulation& sim, const RunInfo& info) {
  nlohmann::ordered_json j;
  j["config"] = info.config_name;
  j["version"] = kVersion;
  j["git_commit"] = kGitCommit;
  j["seed"] = sim.seed();
  j["threads"] = info.threads;
  j["simulated_time_min"] = sim.time();
  // Why the run stopped before its duration (a model's terminal event), or null.
  j["ended_early"] = sim.end_reason().empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(sim.end_reason());
  j["steps"] = sim.tick();
  j["ticks_run"] = sim.ticks_run();  // ticks at which something was due (the others are jumped)
  j["wall_s"] = info.wall_seconds;
  j["steps_per_s"] = info.wall_seconds > 0 ? static_cast<double>(sim.tick()) / info.wall_seconds : 0.0;
  j["agent_updates_per_s"] = info.wall_seconds > 0 ? info.agent_updates / info.wall_seconds : 0.0;
  j["peak_rss_bytes"] = peak_resident_bytes();
  j["warnings"] = info.warnings.size();
  j["warning_list"] = info.warnings;
  // Where the time went (this run only): the processes, then the engine's own work between
  // ticks (applying births and deaths, sorting agents by voxel).
  nlohmann::ordered_json by_process = nlohmann::ordered_json::object();
  for (const auto& e : sim.scheduler().processes()) by_process[e.name] = e.wall_seconds;
  by_process["engine.commit_and_sort"] = sim.housekeeping_seconds();
  j["wall_s_by_process"] = by_process;
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const auto& p : sim.patches()) {
    nlohmann::ordered_json patch = nlohmann::ordered_json::object();
    for (const auto& k : p.kinds()) patch[k->name()] = k->size();
    counts[p.name()] = patch;
  }
  j["counts"] = counts;
  // Readouts as numbers (NaN, e.g. a crossing time not reached, is written as null), and their
  // units beside them, so that sweep summaries keep plain numeric columns.
  nlohmann::ordered_json readouts = nlohmann::ordered_json::object();
  nlohmann::ordered_json readout_units = nlohmann::ordered_json::object();
  for (const auto& r : sim.readouts()) {
    readouts[r.name] = r.measure(sim);
    readout_units[r.name] = r.units;
  }
  j["readouts"] = readouts;
  j["readout_units"] = readout_units;
  // The units of the values above that have one, by their flattened name (the sweep summary's
  // column), so that tables built from this file can say them.
  nlohmann::ordered_json units = nlohmann::ordered_json::object();
  for (const auto& r : sim.readouts()) {
    if (!r.units.empty() && r.units != "1") units["readouts." + r.name] = r.units;
  }
  j["units"] = units;
  j["state_digest"] = sim.state_digest();
  return j.dump(2) + "\n";
}

}  // namespace msabm
