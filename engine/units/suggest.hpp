#pragma once
// "Did you mean ...?": closest-match suggestions by Levenshtein edit distance. Used for unknown
// unit symbols here and, from engine/config, for unknown config keys and bad choices. It lives in
// units because units is the lowest layer (see ARCHITECTURE.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msabm::units {

/// The closest close candidate (first one on ties); nullopt when none is close. A candidate is
/// close when its edit distance from `word` is at most max(2, |word|/3) and it is not a complete
/// rewrite of the shorter string.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// Up to `limit` close candidates, closest first (stable on ties), without duplicates.
std::vector<std::string> close_matches(std::string_view word,
                                       const std::vector<std::string>& candidates,
                                       std::size_t limit);

/// "a, b, c" (each quoted when `quote`).
std::string join_list(const std::vector<std::string>& items, bool quote = false);

}  // namespace msabm::units
