// T-cell re-activation, Treg suppression and CD8 killing, each alone in one voxel (every cell is
// next to every other), against the rate laws of models/tissue/lymphocytes.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "unit/tissue/lymphocyte_test_support.hpp"

using namespace msabm;
using namespace msabm::testing;

namespace {

constexpr std::uint8_t kPrimed = 0, kReactivated = 1;

/// One voxel with a presenting cell `apc` (antigen display set by the test), T cells `th`
/// (half of their clones myelin-reactive unless `share` says otherwise) and Tregs `treg`.
std::string one_voxel(const std::string& th_extra, double share = 0.5) {
  return tissue_yaml(R"({step: "30 min", duration: "2 d", sort_interval: "0 min"})", "[1, 1, 1]", R"(
    agents:
      apc: {model: phagocyte, count: 1, activation: {rate: "0 1/h"}}
      treg:
        model: t_cell
        count: 10
        clones: {first_id: 900, count: 4, myelin_reactive_share: 1}
        reactivation: {rate: "0 1/h", active_time: "100 d"}
        death: {primed: "0 1/d", reactivated: "0 1/d"}
        egress: {rate: "0 1/d"}
      th:
        model: t_cell
        count: 4000
        clones: {first_id: 100, count: 20, myelin_reactive_share: )" + std::to_string(share) + R"(}
        decide: {period: "30 min"}
        death: {primed: "0 1/d", reactivated: "0 1/d"}
        egress: {rate: "0 1/d"}
)" + th_extra);
}

void set_display(Simulation& sim, float minutes) {
  for (float& a : column_of<float>(kind_of(sim, "apc"), "antigen")) a = minutes;
}

/// Puts every cell of `kind` in `state` with `active` minutes of activity left.
void set_all(Simulation& sim, const std::string& kind, std::uint8_t state, float active) {
  AgentKind& k = kind_of(sim, kind);
  for (auto& s : k.states()) s = state;
  for (float& a : column_of<float>(k, "active")) a = active;
}

struct Split {
  std::size_t reactive = 0, reactive_active = 0, other_active = 0;
};
Split split(Simulation& sim) {
  AgentKind& k = kind_of(sim, "th");
  const auto flag = column_of<std::uint8_t>(k, "myelin_reactive");
  const auto states = k.states();
  Split s;
  for (std::size_t i = 0; i < k.size(); ++i) {
    s.reactive += flag[i];
    if (states[i] == kReactivated) ++(flag[i] != 0 ? s.reactive_active : s.other_active);
  }
  return s;
}

/// |observed share - p| within 4 binomial standard errors over n trials.
void check_share(std::size_t hits, std::size_t n, double p) {
  REQUIRE(n > 100);
  const double se = std::sqrt(p * (1 - p) / static_cast<double>(n));
  INFO("hits " << hits << " of " << n << ", expected share " << p);
  CHECK(std::abs(static_cast<double>(hits) / static_cast<double>(n) - p) < 4 * se);
}

}  // namespace

TEST_CASE("lymphocytes: only myelin-reactive T cells next to a myelin-presenting cell are re-activated, at their rate",
          "[tissue][lymphocytes]") {
  const std::string reactivation = R"(        reactivation: {rate: "0.5 1/h", active_time: "10 d", presenters: [apc]}
)";
  SECTION("with antigen displayed") {
    auto sim = simulation_from_yaml(one_voxel(reactivation));
    set_display(*sim, 1e9F);
    sim->step();  // one decision of 30 min
    Split s = split(*sim);
    REQUIRE(s.reactive > 1000);
    REQUIRE(s.reactive < 3000);  // both kinds of clone are present
    check_share(s.reactive_active, s.reactive, 1 - std::exp(-0.5 * 0.5));
    CHECK(s.other_active == 0);
    // Many more contacts: every reactive cell ends re-activated, no other one ever is.
    while (!sim->finished()) {
      sim->step();
      REQUIRE(split(*sim).other_active == 0);
    }
    s = split(*sim);
    CHECK(s.reactive_active == s.reactive);
    CHECK(readout(*sim, "p.th.reactivated") == static_cast<double>(s.reactive));
  }
  SECTION("without a presenting cell nothing is re-activated") {
    auto sim = simulation_from_yaml(one_voxel(reactivation));
    set_display(*sim, 0.0F);
    run_to_end(*sim);
    const Split s = split(*sim);
    CHECK(s.reactive_active == 0);
    CHECK(s.other_active == 0);
  }
  SECTION("non-reactive clones never are, even when presenting cells abound") {
    auto sim = simulation_from_yaml(one_voxel(reactivation, 0.0));
    set_display(*sim, 1e9F);
    run_to_end(*sim);
    const Split s = split(*sim);
    CHECK(s.reactive == 0);
    CHECK(s.other_active == 0);
  }
}

TEST_CASE("lymphocytes: without antigen a re-activated T cell returns to primed after its active time",
          "[tissue][lymphocytes]") {
  auto sim = simulation_from_yaml(one_voxel(R"(        reactivation: {rate: "0.5 1/h", active_time: "3 h", presenters: [apc]}
)"));
  set_display(*sim, 0.0F);
  set_all(*sim, "th", kReactivated, 180.0F);
  for (int k = 0; k < 5; ++k) sim->step();  // 5 decisions of 30 min: 30 min of activity left
  CHECK(count_state(kind_of(*sim, "th"), kReactivated) == kind_of(*sim, "th").size());
  sim->step();
  CHECK(count_state(kind_of(*sim, "th"), kReactivated) == 0);
}

TEST_CASE("lymphocytes: active Tregs next to effectors make them revert at the suppression rate and block "
          "re-activation", "[tissue][lymphocytes]") {
  const std::string rules = R"(        reactivation: {rate: "0.5 1/h", active_time: "100 d", presenters: [apc]}
        suppression: {rate: "1 1/h", by: [treg]}
)";
  SECTION("reversion of re-activated effectors") {
    for (const bool tregs_active : {true, false}) {
      auto sim = simulation_from_yaml(one_voxel(rules, 1.0));
      set_display(*sim, 0.0F);
      set_all(*sim, "th", kReactivated, 1e9F);
      set_all(*sim, "treg", tregs_active ? kReactivated : kPrimed, 1e9F);
      sim->step();
      const AgentKind& th = kind_of(*sim, "th");
      const std::size_t reverted = count_state(th, kPrimed);
      if (tregs_active) {
        check_share(reverted, th.size(), 1 - std::exp(-1.0 * 0.5));
      } else {
        CHECK(reverted == 0);
      }
    }
  }
  SECTION("no re-activation next to an active Treg, even with antigen") {
    auto sim = simulation_from_yaml(one_voxel(rules, 1.0));
    set_display(*sim, 1e9F);
    set_all(*sim, "treg", kReactivated, 1e9F);
    for (int k = 0; k < 20; ++k) sim->step();
    CHECK(count_state(kind_of(*sim, "th"), kReactivated) == 0);
    // Tregs gone quiet: the same effectors are re-activated.
    set_all(*sim, "treg", kPrimed, 0.0F);
    for (int k = 0; k < 20; ++k) sim->step();
    CHECK(static_cast<double>(count_state(kind_of(*sim, "th"), kReactivated)) > 0.9 * static_cast<double>(kind_of(*sim, "th").size()));
  }
}

TEST_CASE("lymphocytes: CD8 cells kill only when re-activated and myelin-reactive, one prey per killer per decision",
          "[tissue][lymphocytes]") {
  auto build = [](const std::string& rate, double share) {
    return simulation_from_yaml(one_voxel(R"(        kill: {prey: oligodendrocyte, rate: ")" + rate + R"("}
      oligodendrocyte: {model: oligodendrocyte, count: 20000, death: {baseline: "0 1/d", stress: "0 1/d"}}
)",
                                          share));
  };
  SECTION("at the kill rate") {
    auto sim = build("0.5 1/h", 0.5);
    set_display(*sim, 0.0F);
    set_all(*sim, "th", kReactivated, 1e9F);
    const std::size_t prey0 = kind_of(*sim, "oligodendrocyte").size();
    sim->step();
    const auto kills = static_cast<std::size_t>(readout(*sim, "p.th.kills"));
    const std::size_t reactive = split(*sim).reactive;
    check_share(kills, reactive, 1 - std::exp(-0.5 * 0.5));
    CHECK(kind_of(*sim, "oligodendrocyte").size() == prey0 - kills);
  }
  SECTION("a certain kill takes exactly one prey per reactive killer") {
    auto sim = build("1000 1/h", 0.5);
    set_display(*sim, 0.0F);
    set_all(*sim, "th", kReactivated, 1e9F);
    sim->step();
    CHECK(readout(*sim, "p.th.kills") == static_cast<double>(split(*sim).reactive));
  }
  SECTION("primed cells and non-reactive clones do not kill") {
    auto primed = build("1000 1/h", 0.5);
    set_display(*primed, 0.0F);
    for (int k = 0; k < 10; ++k) primed->step();
    CHECK(readout(*primed, "p.th.kills") == 0);
    auto bystanders = build("1000 1/h", 0.0);
    set_display(*bystanders, 0.0F);
    set_all(*bystanders, "th", kReactivated, 1e9F);
    for (int k = 0; k < 10; ++k) bystanders->step();
    CHECK(readout(*bystanders, "p.th.kills") == 0);
  }
}

TEST_CASE("lymphocytes: Tregs with division helpers divide only next to a re-activated helper (its IL-2)",
          "[tissue][lymphocytes]") {
  auto sim = simulation_from_yaml(tissue_yaml(R"({step: "30 min", duration: "2 d", sort_interval: "0 min"})", "[1, 1, 1]", R"(
    agents:
      th:
        model: t_cell
        count: 5
        reactivation: {rate: "0 1/h", active_time: "100 d"}
        death: {primed: "0 1/d", reactivated: "0 1/d"}
        egress: {rate: "0 1/d"}
      treg:
        model: t_cell
        count: 100
        reactivation: {rate: "0 1/h", active_time: "100 d"}
        division: {rate: "2 1/h", max_per_voxel: 1000, helpers: [th]}
        death: {primed: "0 1/d", reactivated: "0 1/d"}
        egress: {rate: "0 1/d"}
)"));
  set_all(*sim, "treg", kReactivated, 1e9F);
  for (int k = 0; k < 4; ++k) sim->step();
  CHECK(readout(*sim, "p.treg.born") == 0);
  CHECK(kind_of(*sim, "treg").size() == 100);
  set_all(*sim, "th", kReactivated, 1e9F);
  sim->step();
  // One decision of 30 min at 2 /h: each Treg divides with probability 1 - e^{-1}.
  const auto born = static_cast<std::size_t>(readout(*sim, "p.treg.born"));
  CHECK(born > 40);
  CHECK(born < 90);
  CHECK(kind_of(*sim, "treg").size() == 100 + born);
}
