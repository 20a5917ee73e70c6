#pragma once
// The sweep summary: one row per member (member, point, replicate, seed, status, exit_code,
// error, member_wall_s, the varied values, then every scalar of the member's summary.json,
// nested objects flattened to dotted names), written as
//   sweep_summary.csv  header + one line per member, in member order; a header names the
//                      unit of a column whose name does not ("a.b.rate [1/min]");
//   sweep_summary.h5   /members/<column>: one dataset per column in column order (int64 when
//                      every value is a whole number, float64 with NaN for missing values,
//                      else UTF-8 strings), a `units` attribute on each, and root attributes
//                      naming the sweep and its varied keys.
// Both are rewritten atomically (temporary file, rename) as members finish, so a partial sweep is
// usable at any time; members not run yet appear with status "pending".
#include <chrono>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sweep/plan.hpp"

namespace msabm::sweep {

inline constexpr std::string_view kSummaryCsv = "sweep_summary.csv";
inline constexpr std::string_view kSummaryH5 = "sweep_summary.h5";

class SummaryTable {
 public:
  /// Starts with every member pending.
  SummaryTable(const Plan& plan, std::filesystem::path out);

  /// Reads every member's row from its folder (status.json, summary.json).
  void load_from_disk();
  void set(int member, nlohmann::ordered_json row);
  [[nodiscard]] const nlohmann::ordered_json& row(int member) const;

  /// Writes both files now.
  void write();
  /// Writes when rows changed and `min_interval` has passed since the last write (and at least
  /// 20 times as long as the last write took, so that huge sweeps spend little time on it).
  void write_if_due(std::chrono::duration<double> min_interval = std::chrono::seconds(2));

  /// The CSV text (for tests and the files).
  [[nodiscard]] std::string csv() const;

 private:
  [[nodiscard]] std::vector<std::string> columns() const;
  /// Each column's unit: a varied key's, the members' summary.json "units", or the one its
  /// name ends in (wall_s); "1" when none.
  [[nodiscard]] std::vector<std::string> column_units(const std::vector<std::string>& columns) const;
  void write_h5(const std::filesystem::path& path, const std::vector<std::string>& columns) const;

  const Plan& plan_;
  std::filesystem::path out_;
  std::vector<nlohmann::ordered_json> rows_;
  bool dirty_ = true;
  std::chrono::steady_clock::time_point last_write_{};
  std::chrono::duration<double> last_write_took_{0};
};

/// Rebuilds the summary of `out` from its member folders, holding an exclusive lock on
/// out/.summary.lock so that concurrent writers (Slurm array tasks) take turns.
void rebuild_summary(const Plan& plan, const std::filesystem::path& out);

}  // namespace msabm::sweep
