#pragma once
// A config key as `--set` and sweep `vary:` write it (private to engine/config): names joined
// by dots, each optionally followed by list indices, in the form error messages print
// ("protocol[2].dose", "patches.lesion.agents.target.exchange[0].secretion").
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace msabm::config::impl {

struct KeyStep {
  bool is_index = false;
  std::string name;       ///< map key (when !is_index)
  std::size_t index = 0;  ///< list entry (when is_index)
};

/// Splits "a.b[1].c" into a, b, [1], c. Empty names and anything between brackets other than
/// a non-negative whole number are InputErrors quoting `assignment` (the whole --set text).
std::vector<KeyStep> parse_key_path(std::string_view key, std::string_view assignment);

/// "a.b" + step -> "a.b.c" or "a.b[1]" (how messages name the node reached so far).
std::string append_step(const std::string& path, const KeyStep& step);

}  // namespace msabm::config::impl
