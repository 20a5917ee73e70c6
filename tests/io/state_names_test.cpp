// What the state codes and arrays mean travels with the outputs: a kind's state names as a
// snapshot attribute, in result.xmf (for ParaView) and on /series/state_counts; each array's
// units in result.xmf; both read back from result.h5 when a run resumes its files.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/io/hdf5_read.hpp"
#include "engine/io/result_writer.hpp"
#include "engine/io/snapshot_reader.hpp"
#include "io/io_support.hpp"
#include "support/simulation_from_yaml.hpp"

using namespace msabm;
using namespace msabm::testing;

TEST_CASE("io: state names and units are in result.h5 and result.xmf", "[io]") {
  const std::string full = small_config();
  const std::string yaml = full.substr(0, full.find("output:"));
  auto sim = simulation_from_yaml(yaml);
  AgentKind& prey = *sim->patches()[0].kinds()[0];
  REQUIRE(prey.name() == "prey");
  prey.set_state_names({"alive", "wounded"});
  prey.states()[0] = 1;
  prey.states()[1] = 1;

  TempDir dir("io-state-names");
  ResultWriter w = ResultWriter::create(dir.path(), *sim, {"small", yaml, 1}, 1);
  w.append_series(*sim);
  w.write_snapshot(*sim);
  w.close("finished");

  const h5::Handle file = h5::open_file(dir.path() / "result.h5", false);
  const h5::Handle kind = h5::open_group(file.get(), "snapshots/000000/p/agents/prey");
  CHECK(h5::string_attribute(kind.get(), "state_names") == "alive,wounded");
  // A kind without names (the walker) has no attribute rather than a made-up one.
  CHECK_FALSE(h5::has_attribute(h5::open_group(file.get(), "snapshots/000000/p/agents/w").get(), "state_names"));
  const h5::Handle wounded = h5::open_dataset(file.get(), "series/state_counts/p/prey/1");
  CHECK(h5::string_attribute(wounded.get(), "state_name") == "wounded");
  CHECK(h5::read_vector<std::uint64_t>(file.get(), "series/state_counts/p/prey/1") == std::vector<std::uint64_t>{2});
  CHECK(h5::string_attribute(h5::open_dataset(file.get(), "series/state_counts/p/prey/0").get(), "state_name") ==
        "alive");

  const std::string xmf = read_text(dir.path() / "result.xmf");
  CHECK_THAT(xmf, Catch::Contains("<Information Name=\"state_names\" Value=\"0 alive, 1 wounded\"/>"));
  CHECK_THAT(xmf, Catch::Contains("<Attribute Name=\"chemokine\" AttributeType=\"Scalar\" Center=\"Cell\">"
                                  "<Information Name=\"units\" Value=\"1/um^3\"/>"));
  CHECK_THAT(xmf, Catch::Contains("<Attribute Name=\"voxel\" AttributeType=\"Scalar\" Center=\"Node\">"
                                  "<Information Name=\"units\" Value=\"1\"/>"));

  // Read back (what a resumed run rebuilds result.xmf from).
  const auto layouts = read_snapshot_layouts(file.get());
  REQUIRE(layouts.size() == 1);
  const auto& agents = layouts[0].agents;
  const auto prey_layout = std::find_if(agents.begin(), agents.end(), [](const auto& g) { return g.kind == "prey"; });
  REQUIRE(prey_layout != agents.end());
  CHECK(prey_layout->state_names == std::vector<std::string>{"alive", "wounded"});
  const auto& arrays = layouts[0].lattices[0].arrays;
  const auto chemokine = std::find_if(arrays.begin(), arrays.end(), [](const auto& a) { return a.name == "chemokine"; });
  REQUIRE(chemokine != arrays.end());
  CHECK(chemokine->units == "1/um^3");
}
