#include "engine/io/checkpoint_reader.hpp"

#include "engine/io/checkpoint_seal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <variant>

#include "engine/config/error.hpp"
#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace {

namespace fs = std::filesystem;

/// The checkpoint does not fit the simulation its own config builds.
class Mismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void expect(bool ok, const std::string& what) {
  if (!ok) throw Mismatch(what);
}

template <class T>
void copy_exact(std::span<T> target, const std::vector<T>& source, const std::string& what) {
  expect(source.size() == target.size(),
         fmt::format("{}: {} values stored, {} expected", what, source.size(), target.size()));
  std::copy(source.begin(), source.end(), target.begin());
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

void restore_scheduler(hid_t state, Scheduler& scheduler) {
  const h5::Handle g = h5::open_group(state, "scheduler");
  auto& processes = scheduler.processes();
  const std::vector<std::string> names = split_lines(h5::string_attribute(g.get(), "process_names"));
  expect(names.size() == processes.size(),
         fmt::format("{} processes stored, the config builds {}", names.size(), processes.size()));
  const auto runs = h5::read_vector<std::int64_t>(g.get(), "runs");
  const auto offsets = h5::read_vector<std::uint64_t>(g.get(), "state_offsets");
  const auto bytes = h5::read_vector<std::uint8_t>(g.get(), "state_bytes");
  expect(runs.size() == processes.size() && offsets.size() == processes.size() + 1 &&
             offsets.back() == bytes.size(),
         "scheduler arrays have inconsistent lengths");
  for (std::size_t i = 0; i < processes.size(); ++i) {
    expect(names[i] == processes[i].name,
           fmt::format("process {} is '{}' in the checkpoint, '{}' in the config", i, names[i],
                       processes[i].name));
    expect(offsets[i] <= offsets[i + 1], "scheduler state offsets are not increasing");
    processes[i].runs = runs[i];
    processes[i].process->restore_state(
        std::span<const std::uint8_t>(bytes).subspan(offsets[i], offsets[i + 1] - offsets[i]));
  }
  const auto next_event = h5::attribute<std::uint64_t>(g.get(), "next_event");
  expect(next_event <= scheduler.events().size(), "protocol position beyond the last event");
  scheduler.set_next_event(static_cast<std::size_t>(next_event));
}

void restore_fields(hid_t patch_group, FieldSet& fields) {
  for (int s = 0; s < fields.size(); ++s) {
    const std::string path = "fields/" + std::to_string(s);
    expect(h5::exists(patch_group, path), "field " + fields.spec(s).name + " is missing");
    const h5::Handle g = h5::open_group(patch_group, path);
    const std::string name = h5::string_attribute(g.get(), "name");
    expect(name == fields.spec(s).name,
           fmt::format("field {} is '{}' in the checkpoint, '{}' in the config", s, name, fields.spec(s).name));
    copy_exact(fields.values(s), h5::read_vector<double>(g.get(), "values"), "field " + name);
    const auto voxel = h5::read_vector<VoxelIndex>(g.get(), "pending_voxel");
    const auto secretion = h5::read_vector<double>(g.get(), "pending_secretion");
    const auto uptake = h5::read_vector<double>(g.get(), "pending_uptake");
    expect(secretion.size() == voxel.size() && uptake.size() == voxel.size(),
           "pending terms of field " + name + " have inconsistent lengths");
    std::vector<fields::AgentTerm> terms(voxel.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      expect(voxel[i] < fields.voxel_count(), "pending term of field " + name + " outside the lattice");
      terms[i] = {voxel[i], secretion[i], uptake[i]};
    }
    fields.set_pending(s, std::move(terms));
  }
  expect(!h5::exists(patch_group, "fields/" + std::to_string(fields.size())),
         "the checkpoint has more fields than the config");
}

template <class T>
ColumnData::Values read_column(hid_t columns, const std::string& name) {
  return h5::read_vector<T>(columns, name);
}

void restore_kind(hid_t patch_group, std::size_t index, AgentKind& kind, std::size_t voxel_count) {
  const std::string path = "kind/" + std::to_string(index);
  expect(h5::exists(patch_group, path), "agent kind " + kind.name() + " is missing");
  const h5::Handle g = h5::open_group(patch_group, path);
  const std::string name = h5::string_attribute(g.get(), "name");
  expect(name == kind.name(),
         fmt::format("agent kind {} is '{}' in the checkpoint, '{}' in the config", index, name, kind.name()));
  auto ids = h5::read_vector<std::uint64_t>(g.get(), "id");
  auto voxels = h5::read_vector<VoxelIndex>(g.get(), "voxel");
  auto states = h5::read_vector<std::uint8_t>(g.get(), "state");
  expect(voxels.size() == ids.size() && states.size() == ids.size(),
         "arrays of agent kind " + name + " have inconsistent lengths");
  expect(std::all_of(voxels.begin(), voxels.end(), [&](VoxelIndex v) { return v < voxel_count; }),
         "an agent of kind " + name + " lies outside the lattice");
  const h5::Handle columns = h5::open_group(g.get(), "columns");
  std::vector<ColumnData> restored;
  for (std::size_t c = 0; c < kind.columns().size(); ++c) {
    const ColumnData& declared = kind.columns()[c];
    const std::string cname = std::to_string(c);
    expect(h5::exists(columns.get(), cname), "column " + declared.name + " of kind " + name + " is missing");
    const h5::Handle d = h5::open_dataset(columns.get(), cname);
    const std::string stored_name = h5::string_attribute(d.get(), "name");
    expect(stored_name == declared.name, fmt::format("column {} of kind {} is '{}' in the checkpoint, '{}' in the config",
                                                     c, name, stored_name, declared.name));
    ColumnData column{declared.name, declared.units, {}};
    column.values = std::visit([&](const auto& v) {
      using T = typename std::decay_t<decltype(v)>::value_type;
      return read_column<T>(columns.get(), cname);
    }, declared.values);
    restored.push_back(std::move(column));
  }
  expect(!h5::exists(columns.get(), std::to_string(kind.columns().size())),
         "kind " + name + " has more columns in the checkpoint than in the config");
  try {
    kind.restore(std::move(ids), std::move(voxels), std::move(states), std::move(restored),
                 h5::attribute<std::uint64_t>(g.get(), "next_serial"));
  } catch (const std::invalid_argument& e) {
    throw Mismatch(e.what());
  }
}

void restore_patch(hid_t state, std::size_t index, Patch& patch) {
  const std::string path = "patch/" + std::to_string(index);
  expect(h5::exists(state, path), "patch " + patch.name() + " is missing");
  const h5::Handle g = h5::open_group(state, path);
  const std::string name = h5::string_attribute(g.get(), "name");
  expect(name == patch.name(),
         fmt::format("patch {} is '{}' in the checkpoint, '{}' in the config", index, name, patch.name()));
  const auto labels = h5::read_vector<std::uint8_t>(g.get(), "labels");
  const bool labels_changed = labels != patch.lattice().labels();
  copy_exact(std::span<std::uint8_t>(patch.lattice().labels()), labels, "tissue labels of " + name);
  copy_exact(patch.occupancy().values(), h5::read_vector<std::uint16_t>(g.get(), "occupancy"),
             "occupancy of " + name);
  auto& arrays = patch.voxel_state().arrays();
  for (std::size_t a = 0; a < arrays.size(); ++a) {
    const std::string apath = "voxel_state/" + std::to_string(a);
    expect(h5::exists(g.get(), apath), "voxel state " + arrays[a].name + " is missing");
    const h5::Handle d = h5::open_dataset(g.get(), apath);
    expect(h5::string_attribute(d.get(), "name") == arrays[a].name, "voxel state " + arrays[a].name + " differs");
    copy_exact(std::span<double>(arrays[a].values), h5::read_vector<double>(g.get(), apath),
               "voxel state " + arrays[a].name);
  }
  expect(!h5::exists(g.get(), "voxel_state/" + std::to_string(arrays.size())),
         "the checkpoint has more voxel state arrays than the config");
  if (FieldSet* f = patch.fields()) {
    if (labels_changed) f->update_labels(patch.lattice());
    restore_fields(g.get(), *f);
  } else {
    expect(!h5::exists(g.get(), "fields/0"), "the checkpoint has fields the config lacks");
  }
  for (std::size_t k = 0; k < patch.kinds().size(); ++k) {
    restore_kind(g.get(), k, *patch.kinds()[k], patch.lattice().voxel_count());
  }
  expect(!h5::exists(g.get(), "kind/" + std::to_string(patch.kinds().size())),
         "the checkpoint has more agent kinds than the config");
}

InputError refused(const fs::path& path, const std::string& why) {
  return InputError(fmt::format("cannot restart from {}: {}", path.string(), why));
}

}  // namespace

CheckpointHeader read_checkpoint_header(const fs::path& path) {
  // Only a file whose checksum matches is handed to HDF5 (see checkpoint_seal.hpp); a result
  // file or any other HDF5 file has no trailer and gets the specific message below.
  const bool sealed = has_checkpoint_trailer(path);
  if (sealed) verify_checkpoint_seal(path);
  try {
    const h5::Handle file = h5::open_file(path, false);
    const hid_t root = file.get();
    if (!h5::has_attribute(root, "format") || h5::string_attribute(root, "format") != kCheckpointFormat) {
      const bool is_result = h5::has_attribute(root, "format") && h5::string_attribute(root, "format") == kResultFormat;
      throw refused(path, is_result ? "it is a result file, not a checkpoint (restart from checkpoint.h5)"
                                    : "it is not an msabm checkpoint");
    }
    const auto format_version = h5::attribute<std::int64_t>(root, "format_version");
    if (format_version != kCheckpointFormatVersion) {
      throw refused(path, fmt::format("checkpoint format version {} is not the version this msabm reads ({})",
                                      format_version, kCheckpointFormatVersion));
    }
    if (!sealed) throw refused(path, "it lacks its checksum trailer (damaged at its end, or not written by this msabm)");
    CheckpointHeader h;
    h.program_version = h5::string_attribute(root, "program_version");
    h.git_commit = h5::string_attribute(root, "git_commit");
    if (h.program_version != kVersion) {
      throw refused(path, fmt::format("it was written by msabm {} (commit {}); this is msabm {}; a run can only "
                                      "be continued by the version that started it",
                                      h.program_version, h.git_commit, kVersion));
    }
    h.config_name = h5::string_attribute(root, "config_name");
    h.config_yaml = h5::read_text(root, "config");
    h.seed = h5::attribute<std::uint64_t>(root, "seed");
    h.tick = h5::attribute<std::int64_t>(root, "tick");
    h.total_ticks = h5::attribute<std::int64_t>(root, "total_ticks");
    h.time = h5::attribute<double>(root, "time");
    h.duration = h5::attribute<double>(root, "duration");
    h.state_digest = h5::string_attribute(root, "state_digest");
    h.written_at = h5::string_attribute(root, "written_at");
    h.host = h5::string_attribute(root, "host");
    const h5::Handle run = h5::open_group(root, "run");
    h.next_snapshot = h5::attribute<std::int64_t>(run.get(), "next_snapshot");
    return h;
  } catch (const h5::Error& e) {
    throw refused(path, e.what());
  }
}

void restore_checkpoint(const fs::path& path, Simulation& sim) {
  const CheckpointHeader header = read_checkpoint_header(path);
  try {
    const h5::Handle file = h5::open_file(path, false);
    const h5::Handle state = h5::open_group(file.get(), "state");
    expect(header.seed == sim.seed(), "seed differs from the simulation's");
    expect(header.total_ticks == sim.total_ticks(), "run length differs from the config's");
    expect(header.tick >= 0 && header.tick <= sim.total_ticks(), "clock outside the run");
    sim.set_tick(header.tick);
    restore_scheduler(state.get(), sim.scheduler());
    for (std::size_t p = 0; p < sim.patches().size(); ++p) restore_patch(state.get(), p, sim.patches()[p]);
    expect(!h5::exists(state.get(), "patch/" + std::to_string(sim.patches().size())),
           "the checkpoint has more patches than the config");
  } catch (const h5::Error& e) {
    throw refused(path, fmt::format("the file is damaged ({})", e.what()));
  } catch (const Mismatch& e) {
    throw refused(path, fmt::format("it does not match its own config: {}", e.what()));
  } catch (const std::invalid_argument& e) {  // a process rejecting its saved state
    throw refused(path, fmt::format("the file is damaged ({})", e.what()));
  }
  const std::string digest = sim.state_digest();
  if (digest != header.state_digest) {
    throw refused(path, fmt::format("the file is damaged: the restored state's digest {} differs from the "
                                    "recorded {}", digest, header.state_digest));
  }
}

}  // namespace msabm
