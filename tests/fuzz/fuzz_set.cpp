// Fuzz target: `--set KEY=VALUE` overrides applied to a shipped config, then `msabm check`.
// Input: the first line names the base config (a path under configs/, e.g.
// "tissue/autoimmune_lesion.yaml"; anything else means default.yaml), each further line is one
// override as given after --set. Every input is valid or a user error naming where.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/run/run_command.hpp"
#include "fuzz_support.hpp"

using namespace msabm;

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::filesystem::path base_config(std::string_view name) {
  const auto& configs = fuzz::scratch_configs();
  const std::filesystem::path wanted = configs / std::string(name);
  const bool shipped = name.find("..") == std::string_view::npos && !name.empty() && name.front() != '/' &&
                       wanted.extension() == ".yaml" && std::filesystem::is_regular_file(wanted);
  return shipped ? wanted : configs / "default.yaml";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> lines = lines_of(std::string_view(reinterpret_cast<const char*>(data), size));
  ConfigRequest request{base_config(lines.empty() ? std::string_view() : lines.front()), {}};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (!lines[i].empty()) request.overrides.emplace_back(lines[i]);
  }
  try {
    check_config_marked(request, fuzz::registry());
  } catch (const InputError& e) {
    fuzz::require_located(e.what());
  }
  return 0;
}
