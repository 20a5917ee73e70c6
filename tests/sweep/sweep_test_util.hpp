#pragma once
// Shared by the sweep tests: sweep files next to the small base config, the msabm binary, and
// reading the sweep summary.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/command.hpp"

namespace msabm::testing {

inline const std::string kExe = MSABM_EXE;
inline const std::filesystem::path kSource = MSABM_SOURCE_DIR;
/// A member of this base config runs in about a second.
inline const std::filesystem::path kSmallBase = kSource / "configs/sweeps/small_base.yaml";

/// Writes `text` as dir/name with `base: <absolute small_base.yaml>` prepended.
inline std::filesystem::path write_sweep(const std::filesystem::path& dir, const std::string& name,
                                         const std::string& text) {
  const std::filesystem::path p = dir / name;
  write_text(p, "base: " + kSmallBase.string() + "\n" + text);
  return p;
}

inline CommandResult run_msabm(const std::string& args) {
  return run_command(kExe + " " + args);
}

/// sweep_summary.csv as rows of column -> text (a simple reader: fields without quotes or
/// commas, as the tests' columns are).
struct Csv {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
};

inline Csv read_csv(const std::filesystem::path& p) {
  Csv csv;
  std::istringstream in(read_text(p));
  std::string line;
  const auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (char c : l) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted) {
        out.push_back(field);
        field.clear();
      } else
        field += c;
    }
    out.push_back(field);
    return out;
  };
  if (!std::getline(in, line)) return csv;
  csv.columns = split(line);
  while (std::getline(in, line)) {
    const auto fields = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < csv.columns.size() && i < fields.size(); ++i)
      row[csv.columns[i]] = fields[i];
    csv.rows.push_back(std::move(row));
  }
  return csv;
}

inline nlohmann::json read_json(const std::filesystem::path& p) {
  return nlohmann::json::parse(read_text(p));
}

/// Prefix for commands that may load Open MPI under AddressSanitizer (Open MPI's own
/// allocations are reported as leaks), and that may run as root in containers.
inline std::string mpi_env() {
  std::string env = "ASAN_OPTIONS=detect_leaks=0 ";
  if (::geteuid() == 0) env += "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ";
  return env;
}

inline bool have_command(const std::string& name) {
  return run_command("command -v " + name + " >/dev/null").exit_code == 0;
}

}  // namespace msabm::testing
