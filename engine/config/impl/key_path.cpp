#include "engine/config/impl/key_path.hpp"

#include <fmt/format.h>

#include <charconv>

#include "engine/config/error.hpp"

namespace msabm::config::impl {
namespace {

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// One dot-separated part: "exchange[0]" -> exchange, [0].
void parse_part(std::string_view part, std::string_view key, std::string_view assignment,
                std::vector<KeyStep>& steps) {
  const std::size_t open = part.find('[');
  const std::string_view name = trim(part.substr(0, open));
  if (name.empty()) {
    throw InputError(fmt::format("--set '{}': empty key name in '{}' (expected KEY.SUBKEY=VALUE)",
                                 assignment, key));
  }
  if (name.find(']') != std::string_view::npos) {
    throw InputError(fmt::format("--set '{}': unmatched ']' in '{}'", assignment, key));
  }
  steps.push_back({false, std::string(name), 0});
  std::string_view rest = part.substr(open == std::string_view::npos ? part.size() : open);
  while (!rest.empty()) {
    const std::size_t close = rest.find(']');
    const std::string_view digits = close == std::string_view::npos ? rest.substr(1)
                                                                    : trim(rest.substr(1, close - 1));
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (rest.front() != '[' || close == std::string_view::npos || digits.empty() ||
        ec != std::errc{} || end != digits.data() + digits.size()) {
      throw InputError(fmt::format(
          "--set '{}': '{}' in '{}' is not a list index (write KEY[N] with N = 0, 1, 2, ...)",
          assignment, rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1),
          key));
    }
    steps.push_back({true, {}, index});
    rest = trim(rest.substr(close + 1));
  }
}

}  // namespace

std::vector<KeyStep> parse_key_path(std::string_view key, std::string_view assignment) {
  std::vector<KeyStep> steps;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parse_part(key.substr(start, dot == std::string_view::npos ? dot : dot - start), key,
               assignment, steps);
    if (dot == std::string_view::npos) return steps;
    start = dot + 1;
  }
}

std::string append_step(const std::string& path, const KeyStep& step) {
  if (step.is_index) return fmt::format("{}[{}]", path, step.index);
  return path.empty() ? step.name : path + "." + step.name;
}

}  // namespace msabm::config::impl
