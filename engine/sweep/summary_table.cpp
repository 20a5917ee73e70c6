#include "engine/sweep/summary_table.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "engine/io/hdf5_write.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/sweep/member_files.hpp"
#include "engine/version.hpp"

namespace msabm::sweep {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kReadoutUnits = "readout_units.";

std::string csv_field(const json& v) {
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_unsigned()) return fmt::format("{}", v.get<std::uint64_t>());
  if (v.is_number_integer()) return fmt::format("{}", v.get<std::int64_t>());
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (s.find_first_of(",\"\n\r") == std::string::npos &&
      (s.empty() || (s.front() != ' ' && s.back() != ' '))) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string text_of(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return csv_field(v);
}

/// Holds an exclusive advisory lock on a file while alive.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return;  // no lock possible (read-only folder): go on unlocked
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    while (::fcntl(fd_, F_SETLKW, &fl) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

/// Columns whose name ends in their unit (wall_s, simulated_time_min, peak_rss_bytes) or says
/// it (wall_s_by_process.*).
bool unit_in_name(const std::string& column) {
  return column.ends_with("_s") || column.ends_with("_min") || column.ends_with("_bytes") ||
         column.starts_with("wall_s_by_process.");
}

/// A CSV header names the unit after the column when the name does not: "a.b.rate [1/min]".
std::string csv_header(const std::string& column, const std::string& units) {
  if (units.empty() || units == "1" || unit_in_name(column)) return column;
  return column + " [" + units + "]";
}

}  // namespace

SummaryTable::SummaryTable(const Plan& plan, fs::path out) : plan_(plan), out_(std::move(out)) {
  rows_.reserve(plan.members.size());
  for (const auto& m : plan.members) {
    rows_.push_back(member_row(plan, m, MemberStatus{}, member_dir(out_, plan, m.id)));
  }
}

void SummaryTable::load_from_disk() {
  for (const auto& m : plan_.members)
    rows_[static_cast<std::size_t>(m.id)] = read_member_row(plan_, m, out_);
  dirty_ = true;
}

void SummaryTable::set(int member, json row) {
  rows_.at(static_cast<std::size_t>(member)) = std::move(row);
  dirty_ = true;
}

const json& SummaryTable::row(int member) const {
  return rows_.at(static_cast<std::size_t>(member));
}

std::vector<std::string> SummaryTable::columns() const {
  std::vector<std::string> cols;
  std::set<std::string> seen;
  for (const auto& r : rows_) {  // union in member order: deterministic for the same rows
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (it->is_object() || it.key().starts_with(kReadoutUnits)) continue;  // units, not columns
      if (seen.insert(it.key()).second) cols.push_back(it.key());
    }
  }
  return cols;
}

std::vector<std::string> SummaryTable::column_units(const std::vector<std::string>& cols) const {
  std::map<std::string, std::string, std::less<>> reported;  // from the members' summary.json
  for (const auto& r : rows_) {
    const auto u = r.find("units");
    if (u == r.end() || !u->is_object()) continue;
    for (auto it = u->begin(); it != u->end(); ++it) {
      if (it->is_string()) reported.emplace(it.key(), it->get<std::string>());
    }
  }
  std::vector<std::string> units;
  units.reserve(cols.size());
  for (const auto& col : cols) {
    const auto key = std::find_if(plan_.keys.begin(), plan_.keys.end(),
                                  [&](const VariedKey& k) { return k.key == col; });
    const auto given = reported.find(col);
    if (key != plan_.keys.end())
      units.push_back(key->unit.empty() ? "1" : key->unit);
    else if (given != reported.end())
      units.push_back(given->second);
    else if (!unit_in_name(col))
      units.push_back("1");
    else if (col.ends_with("_per_s"))
      units.push_back("1/s");
    else if (col.ends_with("_min"))
      units.push_back("min");
    else if (col.ends_with("_bytes"))
      units.push_back("B");
    else
      units.push_back("s");
  }
  return units;
}

std::string SummaryTable::csv() const {
  const auto cols = columns();
  const auto units = column_units(cols);
  std::string out;
  for (std::size_t c = 0; c < cols.size(); ++c)
    out += (c ? "," : "") + csv_field(json(csv_header(cols[c], units[c])));
  out += "\n";
  for (const auto& r : rows_) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (c) out += ",";
      if (r.contains(cols[c])) out += csv_field(r[cols[c]]);
    }
    out += "\n";
  }
  return out;
}

void SummaryTable::write_h5(const fs::path& path, const std::vector<std::string>& cols) const {
  h5::silence_errors();
  h5::Handle file = h5::create_file(path);
  const hid_t root = file.get();
  h5::set_attribute(root, "sweep", plan_.name);
  h5::set_attribute(root, "sweep_file", plan_.file.string());
  h5::set_attribute(root, "base", plan_.base.string());
  h5::set_attribute(root, "sampling", plan_.sampling_name());
  h5::set_attribute(root, "members", static_cast<std::int64_t>(plan_.members.size()));
  h5::set_attribute(root, "points", static_cast<std::int64_t>(plan_.points));
  h5::set_attribute(root, "replicates", static_cast<std::int64_t>(plan_.replicates));
  h5::set_attribute(root, "seed", plan_.seed);
  h5::set_attribute(root, "msabm_version", std::string_view(kVersion));
  std::string varied;
  for (const auto& k : plan_.keys) varied += (varied.empty() ? "" : ",") + k.key;
  h5::set_attribute(root, "varied_keys", varied);
  std::string column_list;
  for (const auto& c : cols) column_list += (column_list.empty() ? "" : ",") + c;
  h5::set_attribute(root, "columns", column_list);

  const h5::Handle group = h5::create_group(root, "members");
  const std::size_t n = rows_.size();
  const auto units_of = column_units(cols);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const std::string& col = cols[c];
    bool all_int = true, all_num = true;
    for (const auto& r : rows_) {
      const json* v = r.contains(col) ? &r[col] : nullptr;
      if (v == nullptr || v->is_null()) {
        all_int = false;
        continue;
      }
      if (!v->is_number_integer() ||
          (v->is_number_unsigned() &&
           v->get<std::uint64_t>() >
               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
        all_int = false;
      }
      if (!v->is_number() && !v->is_boolean()) all_num = false;
    }
    const std::string units = units_of[c].empty() ? std::string("1") : units_of[c];
    std::string name = col;
    std::replace(name.begin(), name.end(), '/', '_');
    if (all_int) {
      std::vector<std::int64_t> data(n);
      for (std::size_t i = 0; i < n; ++i) data[i] = rows_[i][col].get<std::int64_t>();
      h5::write_vector<std::int64_t>(group.get(), name, data, 0, units);
    } else if (all_num) {
      std::vector<double> data(n, std::numeric_limits<double>::quiet_NaN());
      for (std::size_t i = 0; i < n; ++i) {
        if (!rows_[i].contains(col)) continue;
        const json& v = rows_[i][col];
        if (v.is_boolean())
          data[i] = v.get<bool>() ? 1.0 : 0.0;
        else if (v.is_number())
          data[i] = v.get<double>();
      }
      h5::write_vector<double>(group.get(), name, data, 0, units);
    } else {
      std::vector<std::string> text(n);
      std::vector<const char*> ptrs(n);
      for (std::size_t i = 0; i < n; ++i) {
        if (rows_[i].contains(col)) text[i] = text_of(rows_[i][col]);
        ptrs[i] = text[i].c_str();
      }
      const h5::Handle type = h5::datatype(H5Tcopy(H5T_C_S1), "string type");
      h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "string type");
      h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string type");
      h5::write_raw(group.get(), name, type.get(), ptrs.data(), {n}, 0, "");
    }
    if (name != col) {
      const h5::Handle d =
          h5::dataset(H5Dopen2(group.get(), name.c_str(), H5P_DEFAULT), "open " + name);
      h5::set_attribute(d.get(), "column", col);
    }
  }
  file.close("cannot write " + path.string());
}

void SummaryTable::write() {
  const auto start = std::chrono::steady_clock::now();
  const auto cols = columns();
  write_file_atomically(out_ / kSummaryCsv, csv());
  const fs::path h5 = out_ / kSummaryH5;
  const fs::path tmp = h5.string() + ".tmp";
  write_h5(tmp, cols);
  fs::rename(tmp, h5);
  dirty_ = false;
  last_write_ = std::chrono::steady_clock::now();
  last_write_took_ = last_write_ - start;
}

void SummaryTable::write_if_due(std::chrono::duration<double> min_interval) {
  if (!dirty_) return;
  const auto wait = std::max<std::chrono::duration<double>>(min_interval, 20 * last_write_took_);
  if (std::chrono::steady_clock::now() - last_write_ < wait) return;
  write();
}

void rebuild_summary(const Plan& plan, const fs::path& out) {
  const FileLock lock(out / ".summary.lock");
  SummaryTable table(plan, out);
  table.load_from_disk();
  table.write();
}

}  // namespace msabm::sweep
