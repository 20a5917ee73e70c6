#include "engine/core/memory_limit.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "engine/config/error.hpp"

namespace msabm {

namespace {

constexpr const char* kVariable = "MSABM_MEMORY_LIMIT_MB";

/// "12.0 GiB", "512 MiB".
std::string size_text(double bytes) {
  const double mib = bytes / double(1u << 20);
  return mib < 1024 ? fmt::format("{:.0f} MiB", mib) : fmt::format("{:.1f} GiB", mib / 1024);
}

}  // namespace

std::uint64_t memory_limit_bytes() {
  if (const char* text = std::getenv(kVariable); text != nullptr && *text != '\0') {
    const std::string_view s(text);
    std::uint64_t mib = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), mib);
    if (ec != std::errc{} || end != s.data() + s.size() || mib == 0 || mib > (std::uint64_t{1} << 40)) {
      throw InputError(fmt::format("{}='{}': expected a positive whole number of MiB", kVariable, s));
    }
    return mib << 20;
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return ~std::uint64_t{0};  // unknown: no limit
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

std::optional<std::string> over_memory_limit(double bytes) {
  const std::uint64_t limit = memory_limit_bytes();
  if (bytes <= static_cast<double>(limit)) return std::nullopt;
  if (const char* env = std::getenv(kVariable); env != nullptr && *env != '\0') {
    return fmt::format("needs about {}, more than the memory limit of {} ({})", size_text(bytes),
                       size_text(static_cast<double>(limit)), kVariable);
  }
  return fmt::format("needs about {}, more than this machine's memory ({}; {} sets another limit)", size_text(bytes),
                     size_text(static_cast<double>(limit)), kVariable);
}

}  // namespace msabm
