#include "engine/units/suggest.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace msabm::units {
namespace {

/// Levenshtein distance (insertions, deletions, substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// True when `candidate` is a plausible misspelling target for `word`: distance at most
/// max(2, |word|/3), and not a complete rewrite of the shorter string.
bool is_close(std::string_view word, std::string_view candidate) {
  const std::size_t d = edit_distance(word, candidate);
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return d <= limit && d < std::max(word.size(), candidate.size());
}

}  // namespace

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  auto matches = close_matches(word, candidates, 1);
  if (matches.empty()) return std::nullopt;
  return matches.front();
}

std::vector<std::string> close_matches(std::string_view word,
                                       const std::vector<std::string>& candidates,
                                       std::size_t limit) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    if (!is_close(word, c)) continue;
    const bool seen =
        std::any_of(scored.begin(), scored.end(), [&](const auto& s) { return s.second == c; });
    if (!seen) scored.emplace_back(edit_distance(word, c), c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (auto& s : scored) {
    if (out.size() >= limit) break;
    out.push_back(std::move(s.second));
  }
  return out;
}

std::string join_list(const std::vector<std::string>& items, bool quote) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += quote ? "'" + item + "'" : item;
  }
  return out;
}

}  // namespace msabm::units
