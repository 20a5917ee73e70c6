#pragma once
// summary.json: the headline numbers of a finished run, including `state_digest`, a hash over
// the complete final state that lets two runs be compared exactly.
#include <string>
#include <vector>

namespace msabm {

class Simulation;

struct RunInfo {
  std::string config_name;
  int threads = 1;
  double wall_seconds = 0;
  double agent_updates = 0;  ///< agent-process updates performed (for throughput)
  std::vector<std::string> warnings;  ///< of the config (input accepted but probably not meant)
};

/// The summary as pretty-printed JSON text.
std::string summary_json(const Simulation& sim, const RunInfo& info);

}  // namespace msabm
