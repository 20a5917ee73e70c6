#pragma once
// "Did you mean ...?": closest-match suggestions by Levenshtein edit distance. Used for unknown
// config keys, bad choices and unknown unit symbols.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msabm::config::impl {

/// Levenshtein distance (insertions, deletions, substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// True when `candidate` is a plausible misspelling target for `word`: distance at most
/// max(2, |word|/3), and not a complete rewrite of the shorter string.
bool is_close(std::string_view word, std::string_view candidate);

/// The closest close candidate (first one on ties); nullopt when none is close.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// Up to `limit` close candidates, closest first (stable on ties), without duplicates.
std::vector<std::string> close_matches(std::string_view word,
                                       const std::vector<std::string>& candidates,
                                       std::size_t limit);

/// "a, b, c" (each quoted when `quote`).
std::string join_list(const std::vector<std::string>& items, bool quote = false);

}  // namespace msabm::config::impl
