// result.h5 and checkpoint.h5 written and read back in process: every dataset and attribute,
// the XDMF index, exact state restore, and a failed checkpoint write (full disk) that leaves the
// previous checkpoint valid.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>
#include <map>

#include "engine/fields/field_set.hpp"
#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/checkpoint_writer.hpp"
#include "engine/io/file_format.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/hdf5_write.hpp"
#include "engine/io/result_writer.hpp"
#include "engine/io/snapshot_reader.hpp"
#include "engine/io/xdmf_writer.hpp"
#include "engine/version.hpp"
#include "io/io_support.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;
using namespace msabm::testing;
namespace fs = std::filesystem;

namespace {

RunIdentity identity_for(const std::string& yaml) { return {"small", yaml, 1}; }

/// The small config without its `output` section (simulation_from_yaml does not read it).
std::string model_config() {
  const std::string yaml = small_config();
  return yaml.substr(0, yaml.find("output:"));
}

/// What the test remembers of the state at one snapshot, to compare with the file.
struct Copy {
  double time = 0;
  std::map<std::string, std::vector<std::uint64_t>> ids;
  std::map<std::string, std::vector<VoxelIndex>> voxels;
  std::map<std::string, std::vector<std::uint8_t>> states;
  std::vector<std::uint32_t> kills;
  std::vector<std::uint16_t> occupancy;
  std::vector<double> field;
  std::vector<double> readouts;
};

Copy copy_of(const Simulation& sim) {
  Copy c;
  c.time = sim.time();
  const Patch& p = sim.patches()[0];
  for (const auto& k : p.kinds()) {
    c.ids[k->name()].assign(k->ids().begin(), k->ids().end());
    c.voxels[k->name()].assign(k->voxels().begin(), k->voxels().end());
    c.states[k->name()].assign(k->states().begin(), k->states().end());
  }
  c.kills = std::get<std::vector<std::uint32_t>>(p.kinds()[1]->columns()[0].values);
  c.occupancy.assign(p.occupancy().values().begin(), p.occupancy().values().end());
  c.field.assign(p.fields()->values(0).begin(), p.fields()->values(0).end());
  for (const auto& r : sim.readouts()) c.readouts.push_back(r.measure(sim));
  return c;
}

herr_t visit(hid_t object, const char* name, const H5O_info_t* info, void* data) {
  if (info->type == H5O_TYPE_DATASET) {
    const h5::Handle d = h5::dataset(H5Dopen2(object, name, H5P_DEFAULT), name);
    if (!h5::has_attribute(d.get(), "units")) static_cast<std::vector<std::string>*>(data)->push_back(name);
  }
  return 0;
}

/// Datasets of the file that lack a `units` attribute.
std::vector<std::string> datasets_without_units(hid_t file) {
  std::vector<std::string> missing;
  H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &missing);
  return missing;
}

}  // namespace

TEST_CASE("io: result.h5 round trip: every dataset and attribute reads back", "[io]") {
  const std::string yaml = model_config();
  auto sim = simulation_from_yaml(yaml);
  TempDir dir("io-round-trip");
  std::vector<Copy> copies;
  {
    ResultWriter w = ResultWriter::create(dir.path(), *sim, identity_for(yaml), 2);
    for (int step = 0; step < 25; ++step) {
      sim->step();
      if (sim->tick() % 12 == 0) {
        w.append_series(*sim);
        w.write_snapshot(*sim);
        copies.push_back(copy_of(*sim));
      }
    }
    w.close("finished");
  }
  REQUIRE(copies.size() == 2);

  const h5::Handle file = h5::open_file(dir.path() / "result.h5", false);
  const hid_t root = file.get();
  CHECK(h5::string_attribute(root, "format") == kResultFormat);
  CHECK(h5::attribute<std::int64_t>(root, "format_version") == kResultFormatVersion);

  const h5::Handle meta = h5::open_group(root, "meta");
  CHECK(h5::string_attribute(meta.get(), "program_version") == kVersion);
  CHECK(h5::string_attribute(meta.get(), "git_commit") == kGitCommit);
  CHECK(h5::string_attribute(meta.get(), "config_name") == "small");
  CHECK(h5::attribute<std::uint64_t>(meta.get(), "seed") == 11);
  CHECK(h5::attribute<std::int64_t>(meta.get(), "threads") == 1);
  CHECK(h5::attribute<double>(meta.get(), "time_step") == 1.0);
  CHECK(h5::attribute<double>(meta.get(), "duration") == 60.0);
  CHECK(h5::string_attribute(meta.get(), "status") == "finished");
  CHECK(h5::attribute<std::int64_t>(meta.get(), "restarts") == 0);
  CHECK_FALSE(h5::string_attribute(meta.get(), "host").empty());
  CHECK(h5::string_attribute(meta.get(), "start_wall_time").size() == 20);
  CHECK(h5::string_attribute(meta.get(), "end_wall_time").size() == 20);
  CHECK(h5::read_text(meta.get(), "config") == yaml);

  // Series: one row per append, in the order taken.
  CHECK(h5::read_vector<double>(root, "series/time") == std::vector<double>{12.0, 24.0});
  CHECK(h5::read_vector<std::int64_t>(root, "series/tick") == std::vector<std::int64_t>{12, 24});
  for (const char* kind : {"prey", "w"}) {
    const auto counts = h5::read_vector<std::uint64_t>(root, std::string("series/counts/p/") + kind);
    REQUIRE(counts.size() == 2);
    // Every agent is in state 0: one per-state dataset, equal to the counts.
    const h5::Handle states = h5::open_group(root, std::string("series/state_counts/p/") + kind);
    CHECK(h5::members(states.get()) == std::vector<std::string>{"0"});
    CHECK(h5::read_vector<std::uint64_t>(states.get(), "0") == counts);
    for (std::size_t row = 0; row < 2; ++row) CHECK(counts[row] == copies[row].ids[kind].size());
  }
  const auto& readouts = sim->readouts();
  REQUIRE_FALSE(readouts.empty());
  for (std::size_t r = 0; r < readouts.size(); ++r) {
    const auto values = h5::read_vector<double>(root, "series/readouts/" + readouts[r].name);
    CHECK(values == std::vector<double>{copies[0].readouts[r], copies[1].readouts[r]});
    const h5::Handle d = h5::open_dataset(root, "series/readouts/" + readouts[r].name);
    CHECK(h5::string_attribute(d.get(), "units") == readouts[r].units);
  }

  // Snapshots: attributes, agents and lattice arrays exactly as they were.
  const Lattice& lattice = sim->patches()[0].lattice();
  for (std::size_t s = 0; s < copies.size(); ++s) {
    const std::string path = "snapshots/00000" + std::to_string(s);
    const h5::Handle snap = h5::open_group(root, path);
    CHECK(h5::attribute<double>(snap.get(), "time") == copies[s].time);
    CHECK(h5::string_attribute(snap.get(), "time_units") == "min");
    CHECK(h5::attribute<std::int64_t>(snap.get(), "tick") == static_cast<std::int64_t>(copies[s].time));
    for (const char* kind : {"prey", "w"}) {
      const std::string k = path + "/p/agents/" + kind + "/";
      CHECK(h5::read_vector<std::uint64_t>(root, k + "id") == copies[s].ids[kind]);
      CHECK(h5::read_vector<std::uint8_t>(root, k + "state") == copies[s].states[kind]);
      const auto kinds = h5::read_vector<std::uint8_t>(root, k + "kind");
      CHECK(kinds == std::vector<std::uint8_t>(copies[s].ids[kind].size(), kind[0] == 'p' ? 0 : 1));
      const auto position = h5::read_vector<double>(root, k + "position");
      REQUIRE(position.size() == 3 * copies[s].voxels[kind].size());
      for (std::size_t i = 0; i < copies[s].voxels[kind].size(); ++i) {
        const auto c = lattice.centre(copies[s].voxels[kind][i]);
        CHECK((position[3 * i] == c[0] && position[3 * i + 1] == c[1] && position[3 * i + 2] == c[2]));
      }
      const h5::Handle pos = h5::open_dataset(root, k + "position");
      CHECK(h5::string_attribute(pos.get(), "units") == "um");
    }
    CHECK(h5::read_vector<std::uint32_t>(root, path + "/p/agents/w/kills") == copies[s].kills);
    const std::string l = path + "/p/lattice/";
    CHECK(h5::read_vector<std::uint16_t>(root, l + "occupancy") == copies[s].occupancy);
    CHECK(h5::read_vector<double>(root, l + "chemokine") == copies[s].field);
    CHECK(h5::read_vector<std::uint8_t>(root, l + "tissue") == lattice.labels());
    const h5::Handle field = h5::open_dataset(root, l + "chemokine");
    CHECK(h5::shape(field.get()) == std::vector<hsize_t>{12, 14, 16});
    CHECK(h5::string_attribute(field.get(), "units") == "1/um^3");
    const h5::Handle lg = h5::open_group(root, path + "/p/lattice");
    CHECK(h5::array_attribute<std::int64_t>(lg.get(), "dims", 3) == std::vector<std::int64_t>{16, 14, 12});
    CHECK(h5::attribute<double>(lg.get(), "voxel_size") == 10.0);
    CHECK(h5::array_attribute<double>(lg.get(), "origin", 3) == std::vector<double>{-80, 0, 5});
  }
  CHECK(datasets_without_units(root).empty());

  // The XDMF index: relative references, one time step per snapshot, and the same text when
  // rebuilt from the file alone (as a continued run does).
  const std::string xmf = read_text(dir.path() / "result.xmf");
  CHECK_THAT(xmf, Catch::Contains("<Time Value=\"12\"/>"));
  CHECK_THAT(xmf, Catch::Contains("<Time Value=\"24\"/>"));
  CHECK_THAT(xmf, Catch::Contains("result.h5:/snapshots/000001/p/agents/w/position"));
  CHECK_THAT(xmf, Catch::Contains("TopologyType=\"Polyvertex\""));
  CHECK_THAT(xmf, Catch::Contains("TopologyType=\"3DCoRectMesh\" Dimensions=\"13 15 17\""));
  CHECK_THAT(xmf, Catch::Contains(">5 0 -80</DataItem>"));
  CHECK_THAT(xmf, !Catch::Contains(dir.path().string()));
  const auto layouts = read_snapshot_layouts(root);
  const auto connectivity = h5::read_vector<std::uint32_t>(root, "xdmf/connectivity");
  CHECK(xdmf_document(layouts, "result.h5", connectivity.size()) == xmf);
  for (std::size_t i = 0; i < connectivity.size(); ++i) REQUIRE(connectivity[i] == i);
}

TEST_CASE("io: a kind with no agents is left out of result.xmf and kept (empty) in result.h5", "[io]") {
  std::string yaml = model_config();
  yaml.replace(yaml.find("count: 150"), 10, "count: 0");
  auto sim = simulation_from_yaml(yaml);
  TempDir dir("io-empty");
  ResultWriter w = ResultWriter::create(dir.path(), *sim, identity_for(yaml), 1);
  w.write_snapshot(*sim);
  w.close("finished");
  const std::string xmf = read_text(dir.path() / "result.xmf");
  CHECK_THAT(xmf, !Catch::Contains("<Grid Name=\"p/prey\""));
  CHECK_THAT(xmf, Catch::Contains("<Grid Name=\"p/w\""));
  CHECK_THAT(xmf, !Catch::Contains("NumberOfElements=\"0\""));
  const h5::Handle file = h5::open_file(dir.path() / "result.h5", false);
  CHECK(h5::read_vector<double>(file.get(), "snapshots/000000/p/agents/prey/position").empty());
  CHECK(h5::read_vector<std::uint64_t>(file.get(), "snapshots/000000/p/agents/prey/id").empty());
}

TEST_CASE("io: checkpoint round trip restores the exact state", "[io]") {
  const std::string yaml = model_config();
  auto a = simulation_from_yaml(yaml);
  for (int i = 0; i < 23; ++i) a->step();
  TempDir dir("io-checkpoint");
  const fs::path path = dir.path() / "checkpoint.h5";
  write_checkpoint(path, *a, identity_for(yaml), CheckpointExtras{5});
  CHECK_FALSE(fs::exists(dir.path() / "checkpoint.h5.tmp"));
  CHECK_FALSE(fs::exists(dir.path() / "checkpoint.prev.h5"));

  const CheckpointHeader h = read_checkpoint_header(path);
  CHECK(h.program_version == kVersion);
  CHECK(h.git_commit == kGitCommit);
  CHECK(h.config_name == "small");
  CHECK(h.config_yaml == yaml);
  CHECK(h.seed == 11);
  CHECK(h.tick == 23);
  CHECK(h.total_ticks == 60);
  CHECK(h.time == 23.0);
  CHECK(h.duration == 60.0);
  CHECK(h.next_snapshot == 5);
  CHECK(h.state_digest == a->state_digest());

  auto b = simulation_from_yaml(yaml, 2);  // another thread count: same state
  CHECK(b->state_digest() != a->state_digest());
  restore_checkpoint(path, *b);
  CHECK(b->state_digest() == a->state_digest());
  CHECK(b->tick() == 23);
  while (!a->finished()) a->step();
  while (!b->finished()) b->step();
  CHECK(b->state_digest() == a->state_digest());

  // The next checkpoint keeps this one as checkpoint.prev.h5.
  write_checkpoint(path, *a, identity_for(yaml), CheckpointExtras{7});
  CHECK(read_checkpoint_header(path).tick == 60);
  CHECK(read_checkpoint_header(dir.path() / "checkpoint.prev.h5").tick == 23);
}

TEST_CASE("io: a checkpoint that cannot be written (full disk) leaves the previous one valid", "[io]") {
  const std::string yaml = model_config();
  auto sim = simulation_from_yaml(yaml);
  for (int i = 0; i < 5; ++i) sim->step();
  TempDir dir("io-full");
  const fs::path path = dir.path() / "checkpoint.h5";
  write_checkpoint(path, *sim, identity_for(yaml), {});
  const std::string digest = sim->state_digest();
  for (int i = 0; i < 5; ++i) sim->step();

  // A file size limit makes writes fail the way a full disk does (EFBIG instead of ENOSPC).
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = old;
  limited.rlim_cur = 16 * 1024;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &limited) == 0);
  std::string message;
  try {
    write_checkpoint(path, *sim, identity_for(yaml), {});
  } catch (const std::exception& e) {
    message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);

  CHECK_THAT(message, Catch::Contains("File too large"));
  CHECK_FALSE(fs::exists(dir.path() / "checkpoint.h5.tmp"));
  const CheckpointHeader h = read_checkpoint_header(path);
  CHECK(h.tick == 5);
  auto fresh = simulation_from_yaml(yaml);
  restore_checkpoint(path, *fresh);
  CHECK(fresh->state_digest() == digest);
}
