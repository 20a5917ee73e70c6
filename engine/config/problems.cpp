#include "engine/config/problems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <utility>

namespace msabm::config {
namespace {

std::string joined(const std::vector<std::string>& messages) {
  if (messages.size() == 1) return messages.front();
  std::string out = fmt::format("{} errors:", messages.size());
  for (const auto& m : messages) out += "\n  " + m;
  return out;
}

}  // namespace

std::string Warning::text() const {
  return ConfigError(where, key_path, message).what();
}

ConfigErrors::ConfigErrors(std::vector<std::string> messages)
    : InputError(joined(messages)), messages_(std::move(messages)) {}

void Problems::add_error(const ConfigError& error) {
  const std::string_view text = error.what();
  const bool known = std::any_of(errors_.begin(), errors_.end(),
                                 [&](const ConfigError& e) { return text == e.what(); });
  if (!known) errors_.push_back(error);
}

void Problems::add_warning(Warning warning) {
  const std::string text = warning.text();
  const bool known = std::any_of(warnings_.begin(), warnings_.end(),
                                 [&](const Warning& w) { return w.text() == text; });
  if (!known) warnings_.push_back(std::move(warning));
}

void Problems::throw_if_any(const std::vector<ConfigError>& more,
                            const std::vector<std::string>& last) const {
  std::vector<const ConfigError*> all;
  for (const auto& e : errors_) all.push_back(&e);
  for (const auto& e : more) all.push_back(&e);
  if (all.size() == 1 && last.empty()) throw *all.front();
  if (all.empty() && last.size() <= 1) {
    if (last.empty()) return;
    throw InputError(last.front());
  }
  // File order: files in the order they first appear, then line and column; a --set override
  // or a value without position keeps its place among those of its file.
  std::vector<std::string> files;
  for (const auto* e : all) {
    if (std::find(files.begin(), files.end(), e->where().file) == files.end()) files.push_back(e->where().file);
  }
  auto rank = [&](const ConfigError* e) {
    const auto file = std::find(files.begin(), files.end(), e->where().file) - files.begin();
    return std::make_tuple(file, e->where().line, e->where().column);
  };
  std::stable_sort(all.begin(), all.end(), [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
  std::vector<std::string> messages;
  for (const auto* e : all) messages.emplace_back(e->what());
  messages.insert(messages.end(), last.begin(), last.end());
  throw ConfigErrors(std::move(messages));
}

}  // namespace msabm::config
