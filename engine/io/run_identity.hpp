#pragma once
// Who wrote a file and for which run: stored in result.h5's /meta and in every checkpoint.
#include <string>

namespace msabm {

struct RunIdentity {
  std::string config_name;   ///< file stem of the config, e.g. "default"
  std::string config_yaml;   ///< the resolved config (every key, defaults filled in)
  int threads = 1;
};

/// This machine's host name ("unknown" when it cannot be read).
std::string host_name();
/// The current wall-clock time as ISO 8601 UTC, e.g. "2026-11-25T14:03:07Z".
std::string wall_time_now();

}  // namespace msabm
