#include <fmt/format.h>

#include <filesystem>

#include "engine/cli/command.hpp"
#include "engine/io/info.hpp"

namespace msabm::cli {

Command add_info_command(CLI::App& app, const Registry& /*registry*/) {
  auto file = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a result.h5, checkpoint.h5, sweep_summary.h5, or a run's or sweep's folder");
  cmd->add_option("FILE", *file, "HDF5 file written by msabm, or an output folder")->required();
  return {cmd, [file] {
            fmt::print("{}", describe_path(*file));
            return 0;
          }};
}

}  // namespace msabm::cli
