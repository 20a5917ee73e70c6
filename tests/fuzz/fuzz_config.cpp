// Fuzz target: a whole config file through `msabm check` (YAML loader, `extends:`, the engine's
// keys and every registered model's reader, building the simulation without running it). Every
// input is valid or a user error naming where; an accepted config's resolved YAML (what a run
// stores in config.yaml and its checkpoints, and what --restart reloads) is itself accepted and
// resolves to the same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/config/tree.hpp"
#include "engine/run/run_command.hpp"
#include "fuzz_support.hpp"

using namespace msabm;

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  fuzz::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ConfigRequest request{fuzz::write_input(std::string_view(reinterpret_cast<const char*>(data), size)), {}};
  CheckedConfig checked;
  try {
    checked = check_config_marked(request, fuzz::registry());
  } catch (const InputError& e) {
    fuzz::require_located(e.what());
    return 0;
  }
  std::string again;
  try {
    again = read_config(config::Tree::load_string(checked.resolved_yaml, "config.yaml"), fuzz::registry()).resolved_yaml();
  } catch (const InputError& e) {
    fuzz::finding(std::string("the resolved config of an accepted input is refused: ") + e.what() +
                  "\n--- resolved config:\n" + checked.resolved_yaml);
  }
  if (again != checked.resolved_yaml) {
    fuzz::finding("the resolved config resolves differently:\n--- first:\n" + checked.resolved_yaml +
                  "\n--- again:\n" + again);
  }
  return 0;
}
