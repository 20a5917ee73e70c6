#include <fmt/format.h>

#include <filesystem>

#include "engine/cli/command.hpp"
#include "engine/io/info.hpp"

namespace msabm::cli {

Command add_info_command(CLI::App& app, const Registry& /*registry*/) {
  auto file = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a result.h5 or checkpoint.h5");
  cmd->add_option("FILE", *file, "HDF5 file written by msabm")->required();
  return {cmd, [file] {
            fmt::print("{}", describe_file(*file));
            return 0;
          }};
}

}  // namespace msabm::cli
