#include "engine/io/info.hpp"

#include <fmt/format.h>

#include <iterator>

#include "engine/config/error.hpp"
#include "engine/io/checkpoint_seal.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/parse_guard.hpp"
#include "engine/io/snapshot_reader.hpp"

namespace msabm {

namespace {

using Out = std::back_insert_iterator<std::string>;

std::string units_of(hid_t parent, const std::string& path) {
  const h5::Handle d = h5::open_dataset(parent, path);
  return h5::has_attribute(d.get(), "units") ? h5::string_attribute(d.get(), "units") : "?";
}

std::string lattice_text(const std::vector<std::int64_t>& dims, double voxel_size, const std::vector<double>& origin) {
  return fmt::format("{} x {} x {} voxels of {} um, origin ({}, {}, {}) um", dims[0], dims[1], dims[2],
                     voxel_size, origin[0], origin[1], origin[2]);
}

void describe_result(Out o, hid_t root) {
  const h5::Handle meta = h5::open_group(root, "/meta");
  const hid_t m = meta.get();
  fmt::format_to(o, "msabm result file (format {}), written by msabm {} (commit {})\n",
                 h5::attribute<std::int64_t>(root, "format_version"), h5::string_attribute(m, "program_version"),
                 h5::string_attribute(m, "git_commit"));
  const auto threads = h5::attribute<std::int64_t>(m, "threads");
  fmt::format_to(o, "  config      {} (seed {}, {} thread{})\n", h5::string_attribute(m, "config_name"),
                 h5::attribute<std::uint64_t>(m, "seed"), threads, threads == 1 ? "" : "s");
  const std::string end = h5::string_attribute(m, "end_wall_time");
  fmt::format_to(o, "  run         {}; started {} on {}{}; restarts {}\n", h5::string_attribute(m, "status"),
                 h5::string_attribute(m, "start_wall_time"), h5::string_attribute(m, "host"),
                 end.empty() ? "" : ", ended " + end, h5::attribute<std::int64_t>(m, "restarts"));
  fmt::format_to(o, "  length      {} min in steps of {} min\n", h5::attribute<double>(m, "duration"),
                 h5::attribute<double>(m, "time_step"));

  const auto time = h5::read_vector<double>(root, "series/time");
  if (time.empty()) {
    fmt::format_to(o, "  series      no rows\n");
  } else {
    fmt::format_to(o, "  series      {} rows, t = {} .. {} min\n", time.size(), time.front(), time.back());
  }
  const h5::Handle counts = h5::open_group(root, "series/counts");
  for (const std::string& patch : h5::members(counts.get())) {
    fmt::format_to(o, "  patch {}\n", patch);
    const h5::Handle pg = h5::open_group(counts.get(), patch);
    std::string kinds;
    for (const std::string& kind : h5::members(pg.get())) {
      const auto n = h5::read_vector<std::uint64_t>(pg.get(), kind);
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", kind, n.empty() ? std::string("-") : std::to_string(n.back()));
    }
    fmt::format_to(o, "    agents    {}{}\n", kinds.empty() ? "none" : kinds, time.empty() ? "" : fmt::format(" (at t = {} min)", time.back()));
  }
  const h5::Handle readouts = h5::open_group(root, "series/readouts");
  for (const std::string& r : h5::members(readouts.get())) {
    const auto v = h5::read_vector<double>(readouts.get(), r);
    fmt::format_to(o, "  readout     {} [{}]{}\n", r, units_of(readouts.get(), r),
                   v.empty() ? "" : fmt::format(" = {} at the end", v.back()));
  }

  if (h5::exists(root, "series/tables")) {
    const h5::Handle tables = h5::open_group(root, "series/tables");
    for (const std::string& t : h5::members(tables.get())) {
      const h5::Handle tg = h5::open_group(tables.get(), t);
      std::string columns;
      for (const std::string& a : h5::members(tg.get())) {
        const auto v = h5::read_vector<double>(tg.get(), a);
        columns += fmt::format("{}{} {}{}", columns.empty() ? "" : ", ", a, v.empty() ? std::string("-") : fmt::format("{}", v.back()),
                               units_of(tg.get(), a) == "1" ? "" : " " + units_of(tg.get(), a));
      }
      fmt::format_to(o, "  table {}   {}{}\n", t, columns, time.empty() ? "" : " (at the end)");
    }
  }
  const std::vector<SnapshotLayout> snapshots = read_snapshot_layouts(root);
  if (snapshots.empty()) {
    fmt::format_to(o, "  snapshots   none\n");
    return;
  }
  fmt::format_to(o, "  snapshots   {}, t = {} .. {} min (/snapshots/{} .. /snapshots/{})\n", snapshots.size(),
                 snapshots.front().time, snapshots.back().time, snapshots.front().name, snapshots.back().name);
  const SnapshotLayout& last = snapshots.back();
  for (const LatticeGridLayout& g : last.lattices) {
    fmt::format_to(o, "  lattice {}   {}\n", g.patch,
                   lattice_text({g.dims[0], g.dims[1], g.dims[2]}, g.voxel_size, {g.origin[0], g.origin[1], g.origin[2]}));
    std::string arrays;
    for (const ArrayLayout& a : g.arrays) {
      arrays += fmt::format("{}{} [{}]", arrays.empty() ? "" : ", ", a.name,
                            units_of(root, snapshot_path(last.name) + "/" + g.patch + "/lattice/" + a.name));
    }
    fmt::format_to(o, "    fields and voxel arrays: {}\n", arrays);
  }
  for (const AgentGridLayout& g : last.agents) {
    std::string arrays;
    for (const ArrayLayout& a : g.arrays) arrays += (arrays.empty() ? "" : ", ") + a.name;
    fmt::format_to(o, "  agents {}/{}: {} in the last snapshot; per agent: position [um], {}\n", g.patch, g.kind,
                   g.count, arrays);
    if (!g.state_names.empty()) fmt::format_to(o, "    states: {}\n", state_legend(g.state_names));
  }
}

void describe_checkpoint(Out o, hid_t root) {
  fmt::format_to(o, "msabm checkpoint (format {}), written by msabm {} (commit {}) at {} on {}\n",
                 h5::attribute<std::int64_t>(root, "format_version"), h5::string_attribute(root, "program_version"),
                 h5::string_attribute(root, "git_commit"), h5::string_attribute(root, "written_at"),
                 h5::string_attribute(root, "host"));
  fmt::format_to(o, "  config      {} (seed {})\n", h5::string_attribute(root, "config_name"),
                 h5::attribute<std::uint64_t>(root, "seed"));
  fmt::format_to(o, "  time        {} of {} min (tick {} of {}, step {} min)\n", h5::attribute<double>(root, "time"),
                 h5::attribute<double>(root, "duration"), h5::attribute<std::int64_t>(root, "tick"),
                 h5::attribute<std::int64_t>(root, "total_ticks"), h5::attribute<double>(root, "time_step"));
  // The state, generically: one line per group that holds arrays (state.hpp lists them).
  const h5::Handle state = h5::open_group(root, "state");
  fmt::format_to(o, "  state (group: arrays, each with its length, role and units)\n");
  h5::walk_groups(state.get(), [&](const std::string& path, hid_t group, const std::vector<std::string>& datasets) {
    std::string arrays;
    for (const std::string& m : datasets) {
      const h5::Handle d = h5::open_dataset(group, m);
      const auto dims = h5::shape(d.get());
      const std::string units = h5::has_attribute(d.get(), "units") ? h5::string_attribute(d.get(), "units") : "?";
      const std::string role = h5::has_attribute(d.get(), "role") ? h5::string_attribute(d.get(), "role") : "?";
      std::string shown = fmt::format("{} ({} {}{})", m, dims.empty() ? 1 : dims[0], role, units == "1" ? "" : ", " + units);
      if (role == "structure" && h5::stored_as(d.get(), H5T_NATIVE_UINT8) && !dims.empty() && dims[0] <= 1024) {
        // Text (names of parameters, live patches): shown as text, one entry per line.
        const auto bytes = h5::read_vector<std::uint8_t>(group, m);
        std::string text(bytes.begin(), bytes.end());
        while (!text.empty() && text.back() == '\n') text.pop_back();
        for (char& c : text) c = c == '\n' ? ';' : (c == '\t' ? ' ' : c);
        shown = fmt::format("{} [{}]", m, text);
      }
      arrays += (arrays.empty() ? "" : ", ") + shown;
    }
    if (!arrays.empty()) fmt::format_to(o, "  {:<34} {}\n", path, arrays);
  });
  const h5::Handle run = h5::open_group(root, "run");
  fmt::format_to(o, "  next snapshot {:06d}\n", h5::attribute<std::int64_t>(run.get(), "next_snapshot"));
  fmt::format_to(o, "  state digest  {}\n", h5::string_attribute(root, "state_digest"));
}

/// sweep_summary.h5 (written by `msabm sweep`): the plan and the summary's columns.
void describe_sweep_summary(Out o, hid_t root) {
  auto text = [&](const char* name) { return h5::has_attribute(root, name) ? h5::string_attribute(root, name) : std::string("?"); };
  auto number = [&](const char* name) { return h5::has_attribute(root, name) ? h5::attribute<std::int64_t>(root, name) : 0; };
  fmt::format_to(o, "msabm sweep summary '{}' (msabm {})\n", text("sweep"), text("msabm_version"));
  fmt::format_to(o, "  sweep file  {} (base {})\n", text("sweep_file"), text("base"));
  fmt::format_to(o, "  members     {} = {} points x {} replicates, {} sampling, seed {}\n", number("members"),
                 number("points"), number("replicates"), text("sampling"),
                 h5::has_attribute(root, "seed") ? h5::attribute<std::uint64_t>(root, "seed") : 0);
  fmt::format_to(o, "  varied      {}\n", text("varied_keys"));
  const h5::Handle members = h5::open_group(root, "members");
  std::string columns;
  for (const std::string& c : h5::members(members.get())) {
    const std::string units = units_of(members.get(), c);
    columns += fmt::format("{}{}{}", columns.empty() ? "" : ", ", c,
                           units.empty() || units == "?" || units == "1" ? "" : " [" + units + "]");
  }
  fmt::format_to(o, "  columns     {} (one row per member, /members/<column>)\n", columns);
}

}  // namespace

std::string describe_path(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return describe_file(path);
  // A run folder (result.h5, checkpoint.h5) or a sweep folder (sweep_summary.h5).
  std::string out;
  for (const char* name : {"result.h5", "checkpoint.h5", "sweep_summary.h5"}) {
    if (fs::exists(path / name, ec)) out += describe_file(path / name);
  }
  if (out.empty()) {
    throw InputError(fmt::format("{} is a folder without msabm output (no result.h5, checkpoint.h5 or "
                                 "sweep_summary.h5)", path.string()));
  }
  return out;
}

std::string describe_file(const std::filesystem::path& path) {
  // A checkpoint's bytes are checked against its seal before HDF5 sees them; any file HDF5
  // parses here is guarded against the library hanging or crashing on damage.
  if (has_checkpoint_trailer(path)) verify_checkpoint_seal(path, "cannot read");
  const ParseGuard guard(path, "cannot read");
  try {
    const h5::Handle file = h5::open_file(path, false);
    const hid_t root = file.get();
    const std::string format = h5::has_attribute(root, "format") ? h5::string_attribute(root, "format") : "";
    std::string out = path.string() + ": ";
    if (format == kResultFormat) {
      describe_result(std::back_inserter(out), root);
    } else if (format == kCheckpointFormat) {
      if (!has_checkpoint_trailer(path)) {
        throw InputError(fmt::format("cannot read {}: it is an msabm checkpoint without its checksum trailer "
                                     "(truncated, or damaged at its end)", path.string()));
      }
      describe_checkpoint(std::back_inserter(out), root);
    } else if (h5::has_attribute(root, "sweep") && h5::exists(root, "members")) {
      describe_sweep_summary(std::back_inserter(out), root);
    } else {
      throw InputError(fmt::format("{} is an HDF5 file but not one msabm wrote (no msabm format attribute)",
                                   path.string()));
    }
    return out;
  } catch (const h5::Error& e) {
    throw InputError(fmt::format("cannot read {}: {}", path.string(), e.what()));
  }
}

}  // namespace msabm
