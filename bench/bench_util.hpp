#pragma once
// Small helpers the benchmark programs share: wall time since a point, and "50,100" lists.
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace msabm::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// "50,100" -> {50, 100}.
inline std::vector<int> parse_list(const char* text) {
  std::vector<int> out;
  const std::string s(text);
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    out.push_back(std::atoi(s.substr(start, comma - start).c_str()));
    start = comma + 1;
  }
  return out;
}

}  // namespace msabm::bench
