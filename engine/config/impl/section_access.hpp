#pragma once
// Helpers shared by the Section member functions (private to engine/config).
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/config/impl/node_state.hpp"
#include "engine/config/section.hpp"

namespace msabm::config::impl {

/// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(const std::string& base, std::string_view key);

/// Records that `key` was read in this map (known for Reader::finish) and returns its entry,
/// or nullptr when the key is absent (or the section itself is absent).
MapEntry* lookup(NodeState& map, std::string_view key);

/// While the Reader collects errors (Reader::collect_errors), records `error` and returns true:
/// the caller goes on with the key's default. Otherwise false: the caller rethrows.
bool recover(const NodeState& map, const ConfigError& error);

/// The scalar text of an entry; ConfigError "expected <what>, found a map" otherwise.
const std::string& scalar_text(const MapEntry& entry, const std::string& path,
                               const std::string& what);

/// Parses a plain number and checks `range`; ConfigError at `where` otherwise.
double number_value(const std::string& text, const Location& where, const std::string& path,
                    const Range& range);

/// Parses an integer and checks [min, max]; ConfigError at `where` otherwise.
std::int64_t integer_value(const std::string& text, const Location& where, const std::string& path,
                           std::int64_t min, std::int64_t max);

}  // namespace msabm::config::impl
