// Tissue kinds name their state codes (written into snapshots and result.xmf), in code order.
#include <catch2/catch.hpp>

#include "models/tissue/phagocyte.hpp"
#include "support/simulation_from_yaml.hpp"
#include "unit/tissue/tissue_test_util.hpp"

using namespace msabm;
using msabm::tissue::kInflammatory;

TEST_CASE("tissue: cell kinds and axons carry the names of their state codes", "[tissue]") {
  auto sim = testing::simulation_from_yaml(R"(
time: {step: "1 h", duration: "1 d", sort_interval: "0 min"}
patches:
  p:
)" + testing::white_matter_block(4) + R"(
    agents:
      microglia: {model: phagocyte, count: 2}
)");
  const Patch& p = *sim->find_patch("p");
  const AgentKind& microglia = *p.find_kind("microglia");
  CHECK(microglia.state_names() == std::vector<std::string>{"surveilling", "inflammatory", "repair"});
  // The codes the model writes are the positions of those names (phagocyte.hpp).
  CHECK(microglia.state_names()[kInflammatory] == "inflammatory");
  CHECK(p.find_kind("axon")->state_names() == std::vector<std::string>{"intact", "lost"});
}
