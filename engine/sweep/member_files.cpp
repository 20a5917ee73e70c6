#include "engine/sweep/member_files.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "engine/io/output_dir.hpp"
#include "engine/version.hpp"

namespace msabm::sweep {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of(
                                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789_-./=:,+@%") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {

std::string read_tail(const fs::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
  const std::size_t start = size > max_bytes ? size - max_bytes : 0;
  in.seekg(static_cast<std::streamoff>(start));
  std::string text(size - start, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

void flatten(const json& j, const std::string& prefix, json& row) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object()) {
      flatten(*it, name, row);
    } else if (it->is_primitive() && !row.contains(name)) {
      row[name] = *it;
    }
  }
}

State parse_state(const std::string& s) {
  if (s == "running") return State::Running;
  if (s == "ok") return State::Ok;
  if (s == "failed") return State::Failed;
  if (s == "interrupted") return State::Interrupted;
  return State::Pending;
}

}  // namespace

std::string_view state_name(State state) {
  switch (state) {
    case State::Pending:
      return "pending";
    case State::Running:
      return "running";
    case State::Ok:
      return "ok";
    case State::Failed:
      return "failed";
    case State::Interrupted:
      return "interrupted";
  }
  return "pending";
}

fs::path member_dir(const fs::path& out, const Plan& plan, int id) {
  const std::size_t digits =
      std::max<std::size_t>(4, fmt::format("{}", plan.members.size() - 1).size());
  return out / "members" / fmt::format("{:0{}}", id, digits);
}

std::vector<std::string> run_arguments(const Plan& plan, const Member& m, const fs::path& dir,
                                       int threads, StartMode mode) {
  std::vector<std::string> args = {"run"};
  if (mode == StartMode::Restart) {
    // A restart continues with the config and seed stored in the checkpoint.
    args.insert(args.end(), {"--restart", (dir / kCheckpointFile).string()});
  } else {
    args.push_back(plan.base.string());
    args.insert(args.end(), {"--seed", fmt::format("{}", m.seed)});
    for (const auto& o : plan.overrides(m)) args.insert(args.end(), {"--set", o});
  }
  args.insert(args.end(), {"--out", dir.string(), "--threads", fmt::format("{}", threads)});
  if (mode == StartMode::Overwrite) args.push_back("--overwrite");
  return args;
}

void write_member_file(const Plan& plan, const Member& m, const fs::path& dir, const fs::path& exe,
                       int threads) {
  std::string command = shell_quote(exe.string());
  for (const auto& a : run_arguments(plan, m, dir, threads, StartMode::Overwrite))
    command += " " + shell_quote(a);
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "sweep" << YAML::Value << plan.name;
  e << YAML::Key << "sweep_file" << YAML::Value << plan.file.string();
  e << YAML::Key << "member" << YAML::Value << m.id;
  e << YAML::Key << "point" << YAML::Value << m.point;
  e << YAML::Key << "replicate" << YAML::Value << m.replicate;
  e << YAML::Key << "seed" << YAML::Value << m.seed;
  e << YAML::Key << "base" << YAML::Value << plan.base.string();
  e << YAML::Key << "set" << YAML::Value << YAML::BeginMap;
  for (const auto& o : plan.overrides(m)) {
    const auto eq = o.find('=');
    e << YAML::Key << o.substr(0, eq) << YAML::Value << YAML::Load(o.substr(eq + 1));
  }
  e << YAML::EndMap << YAML::EndMap;
  const std::string text = fmt::format(
      "# Member {} of sweep '{}' ({}), written by msabm {}.\n"
      "# Rerun it by hand with:\n#   {}\n{}\n",
      m.id, plan.name, plan.file.string(), kVersion, command, e.c_str());
  write_file_atomically(dir / kMemberFile, text);
}

void write_status(const fs::path& dir, int member, const MemberStatus& status) {
  json j;
  j["member"] = member;
  j["status"] = state_name(status.state);
  if (status.exit_code >= 0)
    j["exit_code"] = status.exit_code;
  else
    j["exit_code"] = nullptr;
  j["error"] = status.error;
  j["wall_s"] = status.wall_s;
  j["host"] = status.host;
  if (status.rank >= 0) j["rank"] = status.rank;
  write_file_atomically(dir / kStatusFile, j.dump(2) + "\n");
}

std::optional<MemberStatus> read_status(const fs::path& dir) {
  std::ifstream in(dir / kStatusFile);
  if (!in) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    MemberStatus s;
    s.state = parse_state(j.value("status", ""));
    s.exit_code = j.contains("exit_code") && j["exit_code"].is_number_integer()
                      ? j["exit_code"].get<int>()
                      : -1;
    s.error = j.value("error", "");
    s.wall_s = j.value("wall_s", 0.0);
    s.host = j.value("host", "");
    s.rank = j.value("rank", -1);
    return s;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

bool is_finished(const fs::path& dir) {
  std::error_code ec;
  const auto s = read_status(dir);
  return s && s->state == State::Ok && fs::exists(dir / kSummaryFile, ec);
}

StartMode resume_mode(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / kCheckpointFile, ec) && !fs::exists(dir / kSummaryFile, ec))
    return StartMode::Restart;
  return has_attempt(dir) ? StartMode::Overwrite : StartMode::Fresh;
}

bool has_attempt(const fs::path& dir) {
  std::error_code ec;
  for (std::string_view f :
       {kSummaryFile, kResultFile, kResultXdmfFile, kCheckpointFile, kStatusFile}) {
    if (fs::exists(dir / f, ec)) return true;
  }
  return false;
}

json member_row(const Plan& plan, const Member& m, const MemberStatus& status,
                const fs::path& dir) {
  json row;
  row["member"] = m.id;
  row["point"] = m.point;
  row["replicate"] = m.replicate;
  row["seed"] = m.seed;
  row["status"] = state_name(status.state);
  if (status.exit_code >= 0)
    row["exit_code"] = status.exit_code;
  else
    row["exit_code"] = nullptr;
  row["error"] = status.error;
  if (status.state == State::Pending)
    row["member_wall_s"] = nullptr;
  else
    row["member_wall_s"] = status.wall_s;
  for (std::size_t k = 0; k < plan.keys.size(); ++k) {
    const Value& v = m.values[k];
    if (v.number)
      row[plan.keys[k].key] = *v.number;
    else
      row[plan.keys[k].key] = v.yaml;
  }
  if (status.state == State::Ok) {
    std::ifstream in(dir / kSummaryFile);
    if (in) {
      try {
        json summary = json::parse(in);
        // The units of its values travel with the row (not a column): the table's headers.
        json units = summary.contains("units") ? summary["units"] : json::object();
        summary.erase("units");
        flatten(summary, "", row);
        if (units.is_object() && !units.empty()) row["units"] = std::move(units);
      } catch (const nlohmann::json::exception&) {
        // A damaged summary leaves the row without its readouts.
      }
    }
  }
  return row;
}

json read_member_row(const Plan& plan, const Member& m, const fs::path& out) {
  const fs::path dir = member_dir(out, plan, m.id);
  return member_row(plan, m, read_status(dir).value_or(MemberStatus{}), dir);
}

std::string error_from_log(const fs::path& log) {
  std::istringstream lines(read_tail(log, 64 * 1024));
  std::string line, last, error;
  bool listing = false;  // after "msabm: error: 3 errors:", one indented line per error
  while (std::getline(lines, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    const auto cr = line.rfind('\r');  // progress lines rewritten in place
    if (cr != std::string::npos) line = line.substr(cr + 1);
    if (line.empty()) continue;
    last = line;
    if (listing && line.rfind("  ", 0) == 0) {
      error += (error.back() == ':' ? " " : "; ") + line.substr(2);
      continue;
    }
    listing = false;
    if (line.rfind("msabm: error: ", 0) == 0) {
      error = line.substr(14);
      listing = !error.empty() && error.back() == ':';
    } else if (line.rfind("msabm: internal error: ", 0) == 0) {
      error = line.substr(7);
    }
  }
  return error.empty() ? last : error;
}

}  // namespace msabm::sweep
