#include "engine/io/result_writer.hpp"

#include <fmt/format.h>

#include <numeric>

#include "engine/config/error.hpp"
#include "engine/core/simulation.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/hdf5_write.hpp"
#include "engine/io/output_dir.hpp"
#include "engine/io/parse_guard.hpp"
#include "engine/io/result_publish.hpp"
#include "engine/io/snapshot_reader.hpp"
#include "engine/io/snapshot_writer.hpp"
#include "engine/io/xdmf_writer.hpp"
#include "engine/version.hpp"

namespace msabm {

namespace fs = std::filesystem;

ResultWriter::ResultWriter(fs::path dir, h5::Handle file, SeriesWriter series, int compression)
    : dir_(std::move(dir)), path_(dir_ / kResultFile), work_path_(dir_ / kResultWorkFile), file_(std::move(file)),
      series_(std::move(series)), compression_(compression) {}

namespace {

/// Writes the empty result file (meta, empty series, groups) to `path`, the work file.
void write_skeleton(const fs::path& path, const Simulation& sim, const RunIdentity& identity, int compression) {
  {
    h5::Handle file = h5::create_file(path);
    const hid_t root = file.get();
    h5::set_attribute(root, "format", kResultFormat);
    h5::set_attribute(root, "format_version", kResultFormatVersion);
    {
      const h5::Handle meta = h5::create_group(root, "/meta");
      const hid_t m = meta.get();
      h5::set_attribute(m, "program_version", kVersion);
      h5::set_attribute(m, "git_commit", kGitCommit);
      h5::set_attribute(m, "config_name", identity.config_name);
      h5::set_attribute(m, "seed", sim.seed());
      h5::set_attribute(m, "threads", static_cast<std::int64_t>(identity.threads));
      h5::set_attribute(m, "time_step", sim.clock().step);
      h5::set_attribute(m, "duration", sim.clock().duration);
      // protocol day 0 (min after the start): plots count days from it
      h5::set_attribute(m, "day_zero", sim.clock().day_zero);
      h5::set_attribute(m, "time_units", "min");
      h5::set_attribute(m, "host", host_name());
      h5::set_attribute(m, "start_wall_time", wall_time_now());
      h5::set_attribute(m, "end_wall_time", "");
      h5::set_attribute(m, "status", "running");
      h5::set_attribute(m, "restarts", std::int64_t{0});
      h5::write_text(m, "config", identity.config_yaml);
    }
    SeriesWriter::create(root, sim, compression);
    h5::create_group(root, "/snapshots");
    const h5::Handle xdmf = h5::create_group(root, "/xdmf");
    h5::create_rows(xdmf.get(), "connectivity", H5T_NATIVE_UINT32, 0, compression, "1");
    file.close("cannot write " + path.string());
  }
}

}  // namespace

ResultWriter ResultWriter::create(const fs::path& dir, const Simulation& sim, const RunIdentity& identity,
                                  int compression, std::int64_t first_snapshot) {
  write_skeleton(dir / kResultWorkFile, sim, identity, compression);
  h5::Handle file = h5::open_file(dir / kResultWorkFile, true);
  SeriesWriter series = SeriesWriter::open(file.get(), sim);
  ResultWriter w(dir, std::move(file), std::move(series), compression);
  w.next_snapshot_ = first_snapshot;
  w.connectivity_ = h5::open_dataset(w.file_.get(), "/xdmf/connectivity");
  return w;
}

ResultWriter ResultWriter::resume(const fs::path& dir, const Simulation& sim, const RunIdentity& identity,
                                  const std::string& checkpoint_config, std::int64_t next_snapshot,
                                  int compression, const std::optional<EndOfRun>& drop) {
  const fs::path path = dir / kResultFile;
  // The work file starts as a copy of the published result.h5, which stays as it is until the
  // next checkpoint. Its bytes are HDF5's to parse, under guard (not the copy): it may be damaged.
  fs::copy_file(path, dir / kResultWorkFile, fs::copy_options::overwrite_existing);
  const ParseGuard guard(path, "cannot continue");
  h5::Handle file = h5::open_file(dir / kResultWorkFile, true);
  const hid_t root = file.get();
  if (!h5::has_attribute(root, "format") || h5::string_attribute(root, "format") != kResultFormat) {
    throw InputError(fmt::format("{} is not an msabm result file", path.string()));
  }
  const h5::Handle meta = h5::open_group(root, "/meta");
  if (h5::read_text(meta.get(), "config") != checkpoint_config ||
      h5::attribute<std::uint64_t>(meta.get(), "seed") != sim.seed()) {
    throw InputError(fmt::format("{} holds the results of another run (config or seed differ); choose "
                                 "another --out or pass --overwrite", path.string()));
  }
  SeriesWriter series = SeriesWriter::open(root, sim);
  series.drop_after(drop && drop->series ? sim.tick() - 1 : sim.tick());
  if (drop && drop->snapshot) --next_snapshot;  // the end-of-run snapshot goes (below)
  if (checkpoint_config != identity.config_yaml) {  // extended: the file now holds the longer run
    h5::check(H5Ldelete(meta.get(), "config", H5P_DEFAULT), "replacing /meta/config");
    h5::write_text(meta.get(), "config", identity.config_yaml);
    h5::set_attribute(meta.get(), "duration", sim.clock().duration);
  }
  // Snapshots taken after the checkpoint are taken again.
  {
    const h5::Handle snapshots = h5::open_group(root, "/snapshots");
    for (const std::string& name : h5::members(snapshots.get())) {
      const h5::Handle s = h5::open_group(snapshots.get(), name);
      const auto tick = h5::attribute<std::int64_t>(s.get(), "tick");
      if (tick > sim.tick() || std::stoll(name) >= next_snapshot) {
        h5::check(H5Ldelete(snapshots.get(), name.c_str(), H5P_DEFAULT), "dropping snapshot " + name);
      }
    }
  }
  h5::set_attribute(meta.get(), "restarts", h5::attribute<std::int64_t>(meta.get(), "restarts") + 1);
  h5::set_attribute(meta.get(), "status", "running");
  h5::set_attribute(meta.get(), "end_wall_time", "");
  ResultWriter w(dir, std::move(file), std::move(series), compression);
  w.snapshots_ = read_snapshot_layouts(root);
  w.next_snapshot_ = next_snapshot;
  w.connectivity_ = h5::open_dataset(root, "/xdmf/connectivity");
  w.connectivity_length_ = h5::row_count(w.connectivity_.get());
  return w;
}

void ResultWriter::append_series(const Simulation& sim) { series_.append(sim); }

void ResultWriter::write_snapshot(const Simulation& sim) {
  const std::string name = fmt::format("{:06d}", next_snapshot_);
  SnapshotLayout layout = msabm::write_snapshot(file_.get(), name, sim, compression_);
  ++next_snapshot_;
  std::uint64_t largest = 1;
  for (const AgentGridLayout& g : layout.agents) largest = std::max(largest, g.count);
  ensure_connectivity(largest);
  snapshots_.push_back(std::move(layout));
}

void ResultWriter::ensure_connectivity(std::uint64_t n) {
  if (n <= connectivity_length_) return;
  std::vector<std::uint32_t> more(n - connectivity_length_);
  std::iota(more.begin(), more.end(), static_cast<std::uint32_t>(connectivity_length_));
  h5::append_rows(connectivity_.get(), H5T_NATIVE_UINT32, more.data(), more.size());
  connectivity_length_ = n;
}

void ResultWriter::write_xdmf() {
  if (snapshots_.empty()) return;
  write_file_atomically(dir_ / kResultXdmfFile,
                        xdmf_document(snapshots_, std::string(kResultFile), connectivity_length_));
}

void ResultWriter::commit() {
  h5::check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "cannot write " + work_path_.string());
  publish_copy(work_path_, path_);
  write_xdmf();
}

void ResultWriter::close(const std::string& status) {
  {
    const h5::Handle meta = h5::open_group(file_.get(), "/meta");
    h5::set_attribute(meta.get(), "status", status);
    h5::set_attribute(meta.get(), "end_wall_time", wall_time_now());
  }
  file_.close("cannot write " + work_path_.string());
  publish_move(work_path_, path_);
  write_xdmf();
}

}  // namespace msabm
