#include "engine/config/error.hpp"

#include <fmt/format.h>

#include <utility>

namespace msabm {
namespace {

std::string format_message(const Location& where, const std::string& key_path,
                           const std::string& message) {
  std::string out;
  if (where.file == "--set" && where.line == 0) {
    // A command-line override has no file position: name the override instead.
    out = "--set " + key_path + ": ";
  } else if (!where.file.empty() || where.line > 0) {
    out = where.to_string() + ": ";
  }
  if (!key_path.empty()) out += "key '" + key_path + "': ";
  return out + message;
}

}  // namespace

std::string Location::to_string() const {
  std::string out = file.empty() ? std::string("<config>") : file;
  if (line > 0) {
    // fmt rather than ":" + std::to_string(): GCC 12 -O3 raises a false -Wrestrict on the latter.
    out += column > 0 ? fmt::format(":{}:{}", line, column) : fmt::format(":{}", line);
  }
  return out;
}

ConfigError::ConfigError(Location where, std::string key_path, const std::string& message)
    : InputError(format_message(where, key_path, message)),
      where_(std::move(where)),
      key_path_(std::move(key_path)) {}

}  // namespace msabm
