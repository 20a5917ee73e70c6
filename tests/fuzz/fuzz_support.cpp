#include "fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "models/register_models.hpp"

namespace msabm::fuzz {
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path root;
  fs::path configs;
  Scratch() {
    root = fs::temp_directory_path() / ("msabm-fuzz-" + std::to_string(::getpid()));
    configs = root / "configs";
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(fs::path(MSABM_SOURCE_DIR) / "configs", configs, fs::copy_options::recursive);
    fs::create_directories(configs / "fuzz");
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

}  // namespace

void init() {
  ::setenv("MSABM_MEMORY_LIMIT_MB", kMemoryLimitMb, /*overwrite=*/0);
  registry();
  scratch_configs();
}

const Registry& registry() {
  static const Registry r = [] {
    Registry made;
    register_all_models(made);
    return made;
  }();
  return r;
}

const fs::path& scratch_configs() {
  static const Scratch scratch;
  return scratch.configs;
}

fs::path write_input(std::string_view text) {
  const fs::path path = scratch_configs() / "fuzz" / "input.yaml";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) finding("cannot write " + path.string());
  return path;
}

void require_located(const std::string& message) {
  if (message.find(".yaml") != std::string::npos || message.find("--set") != std::string::npos) return;
  finding("a user error that names no file:line nor --set: " + message);
}

void finding(const std::string& what) {
  std::fprintf(stderr, "msabm fuzz finding: %s\n", what.c_str());
  std::abort();
}

}  // namespace msabm::fuzz
