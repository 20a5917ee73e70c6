#pragma once
// Scalar text conversions and range checks shared by Section's typed reads (private).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/config/section.hpp"

namespace msabm::config::impl {

/// true/false, yes/no, on/off (any letter case).
std::optional<bool> parse_bool(std::string_view text);
/// Optional sign and decimal digits only ("12", "-3", "+4"); not "2.5", "1e3" or "abc".
std::optional<std::int64_t> parse_integer(std::string_view text);
/// Shortest text that reads back as the same double ("0.1", "1e-06", "12").
std::string format_number(double value);
/// "[0, 1]", "(0, inf)", "[-3 um, 5 um]"...: bounds printed with 6 significant digits.
std::string range_text(const Range& range);
[[nodiscard]] bool in_range(double value, const Range& range);

}  // namespace msabm::config::impl
