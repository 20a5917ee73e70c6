#pragma once
// The folder of one sweep member and the files the sweep keeps there beside the run's own
// (config.yaml, result.h5, checkpoint.h5, summary.json):
//   member.yaml   what the member is: sweep, id, point, replicate, seed, base config and
//                 overrides, and the `msabm run` command line that reproduces it by hand;
//   status.json   how it went: running / ok / failed / interrupted, exit code, error, wall time;
//   log.txt       the member run's output (appended across attempts).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sweep/plan.hpp"

namespace msabm::sweep {

enum class State { Pending, Running, Ok, Failed, Interrupted };

std::string_view state_name(State state);

struct MemberStatus {
  State state = State::Pending;
  int exit_code = -1;  ///< of the member run; -1 when it did not exit normally
  std::string error;   ///< one line: why it failed
  double wall_s = 0;   ///< of the last attempt
  std::string host;
  int rank = -1;  ///< MPI rank that ran it (-1: not under MPI)
};

/// How a member is started.
enum class StartMode {
  Fresh,      ///< new folder
  Overwrite,  ///< rerun from the start, replacing what a failed attempt left
  Restart,    ///< continue from its checkpoint.h5
};

inline constexpr std::string_view kMemberFile = "member.yaml";
inline constexpr std::string_view kStatusFile = "status.json";
inline constexpr std::string_view kLogFile = "log.txt";

/// out/members/000042 (digits: enough for the member count, at least 4).
std::filesystem::path member_dir(const std::filesystem::path& out, const Plan& plan, int id);

/// The `msabm run` arguments (after the executable) of a member.
std::vector<std::string> run_arguments(const Plan& plan, const Member& m,
                                       const std::filesystem::path& dir, int threads,
                                       StartMode mode);

void write_member_file(const Plan& plan, const Member& m, const std::filesystem::path& dir,
                       const std::filesystem::path& exe, int threads);
void write_status(const std::filesystem::path& dir, int member, const MemberStatus& status);
/// nullopt when there is no (readable) status.json.
std::optional<MemberStatus> read_status(const std::filesystem::path& dir);

/// True when the member finished successfully (status ok and its summary.json present).
bool is_finished(const std::filesystem::path& dir);
/// How to (re)start a member that is not finished: from its checkpoint when it has one,
/// otherwise from scratch (replacing leftovers).
StartMode resume_mode(const std::filesystem::path& dir);
/// True when the folder holds anything of an earlier attempt.
bool has_attempt(const std::filesystem::path& dir);

/// The member's row of the sweep summary: member, point, replicate, seed, status, exit_code,
/// error, member_wall_s, the varied values, then every scalar of its summary.json (nested
/// objects flattened to dotted names such as counts.lesion.effector), and under "units" (an
/// object, not a column) the units summary.json gives for some of them.
nlohmann::ordered_json member_row(const Plan& plan, const Member& m, const MemberStatus& status,
                                  const std::filesystem::path& dir);
/// The row as found on disk (status.json, summary.json); a member never started is pending.
nlohmann::ordered_json read_member_row(const Plan& plan, const Member& m,
                                       const std::filesystem::path& out);

/// `text` quoted for a POSIX shell (unchanged when it needs no quotes).
std::string shell_quote(const std::string& text);

/// The one-line error of a failed run from its log: the last "msabm: error:" or
/// "msabm: internal error:" line, else the last non-empty line.
std::string error_from_log(const std::filesystem::path& log);

}  // namespace msabm::sweep
