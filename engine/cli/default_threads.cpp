#include "engine/cli/default_threads.hpp"

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include "engine/config/error.hpp"

namespace msabm::cli {

namespace {

/// The value of a thread-count variable, 0 when it is unset or empty.
int from_environment(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return 0;
  const std::string value(text);
  // OMP_NUM_THREADS may list counts per nesting level ("4,2"): the first is this level's.
  const std::string first = value.substr(0, value.find(','));
  if (first.empty() || first.size() > 4 || first.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(first) < 1 || std::stoi(first) > 1024) {
    throw InputError(std::string(name) + "='" + value +
                     "' is not a thread count from 1 to 1024 (unset it or pass --threads)");
  }
  return std::stoi(first);
}

int available_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

int default_thread_count() {
  for (const char* name : {"SLURM_CPUS_PER_TASK", "OMP_NUM_THREADS"}) {
    if (const int n = from_environment(name)) return n;
  }
  return std::min(available_cores(), 1024);
}

}  // namespace msabm::cli
