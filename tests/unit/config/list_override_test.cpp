// `--set` (and so sweep `vary:`) reaching into lists: "protocol[1].dose",
// "agents.target.exchange[0].secretion", in the form the config errors print.
#include <catch2/catch.hpp>

#include "config_test_util.hpp"

using namespace msabm::config;
using Catch::Matchers::Contains;
using msabm::config::test::error_of;

namespace {

constexpr const char* kConfig =
    "protocol:\n"
    "  - {at: 0 d, dose: 1 mg}\n"
    "  - {at: 2 d, dose: 3 mg}\n"
    "agents:\n"
    "  target:\n"
    "    exchange: [{field: a, secretion: 1 1/min}, {field: b, secretion: 2 1/min}]\n"
    "    dims: [4, 5, 6]\n"
    "    nested: [[1, 2], [3, 4]]\n"
    "    plain: 7\n";

}  // namespace

TEST_CASE("config: --set replaces one entry of a list, leaving the others", "[config]") {
  Tree tree = Tree::load_string(kConfig, "run.yaml");
  tree.apply_override("protocol[1].dose=5 mg");
  tree.apply_override("agents.target.exchange[0].secretion=0.5 1/min");
  tree.apply_override("agents.target.dims[2]=9");
  tree.apply_override("agents.target.nested[1][0]=8");
  const Reader r(std::move(tree));
  const auto events = r.root().list("protocol");
  REQUIRE(events.size() == 2);
  CHECK(events[0].quantity("dose", "mg") == Approx(1e-6));  // internal unit kg
  CHECK(events[1].quantity("dose", "mg") == Approx(5e-6));
  CHECK(events[1].location("dose").file == "--set");
  CHECK(events[1].location("at").file == "run.yaml");
  const Section target = r.root().section("agents").section("target");
  const auto exchange = target.list("exchange");
  CHECK(exchange[0].quantity("secretion", "1/min") == 0.5);
  CHECK(exchange[1].quantity("secretion", "1/min") == 2.0);
  CHECK(exchange[0].string("field") == "a");
  CHECK(target.integer3("dims", {1, 1, 1}, 1, 100) == std::array<std::int64_t, 3>{4, 5, 9});
  const auto nested = target.node("nested").items();
  CHECK(nested[1].items()[0].text("a number") == "8");
  CHECK(nested[1].items()[1].text("a number") == "4");
  CHECK(target.integer("plain") == 7);
}

TEST_CASE("config: a key --set adds inside a list entry is checked like any other", "[config]") {
  Tree tree = Tree::load_string("events:\n  - {dose: 1 mg}\n", "run.yaml");
  tree.apply_override("events[0].doze=2 mg");
  const Reader r(std::move(tree));
  CHECK(r.root().list("events")[0].quantity("dose", "mg") == Approx(1e-6));
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("--set events[0].doze") && Contains("did you mean 'dose'"));
}

TEST_CASE("config: --set replaces a whole list entry", "[config]") {
  Tree tree = Tree::load_string(kConfig, "run.yaml");
  tree.apply_override("protocol[0]={at: 1 d, dose: 4 mg}");
  const Reader r(std::move(tree));
  const auto events = r.root().list("protocol");
  CHECK(events[0].quantity("at", "d") == Approx(1440.0));
  CHECK(events[0].quantity("dose", "mg") == Approx(4e-6));
  CHECK(events[1].quantity("dose", "mg") == Approx(3e-6));
}

TEST_CASE("config: --set into a list names the key when the index or node is wrong", "[config]") {
  Tree tree = Tree::load_string(kConfig, "run.yaml");
  const auto msg = error_of([&] { tree.apply_override("protocol[2].dose=5 mg"); });
  CHECK_THAT(msg, Contains("--set protocol[2].dose") && Contains("index [2] is out of range") &&
                      Contains("'protocol' (run.yaml:2:") && Contains("2 entries ([0] to [1])"));
  CHECK_THAT(error_of([&] { tree.apply_override("agents.target.plain[0]=1"); }),
             Contains("key 'agents.target.plain[0]'") &&
                 Contains("'agents.target.plain' is not a list") && Contains("run.yaml:9:"));
  CHECK_THAT(error_of([&] { tree.apply_override("agents[0].x=1"); }),
             Contains("'agents' is not a list") && Contains("a map"));
  CHECK_THAT(error_of([&] { tree.apply_override("protocol.dose=1 mg"); }),
             Contains("key 'protocol.dose'") && Contains("'protocol' is not a map of keys") &&
                 Contains("a list"));
  CHECK_THAT(error_of([&] { tree.apply_override("missing[0]=1"); }),
             Contains("key 'missing[0]'") && Contains("'missing' is not in the config"));
  CHECK_THAT(error_of([&] { tree.apply_override("protocol[0].dose[1]=1"); }),
             Contains("'protocol[0].dose' is not a list") && Contains("'1 mg'"));
  // A failed override changes nothing.
  const Reader r(std::move(tree));
  CHECK(r.root().list("protocol").size() == 2);
}

TEST_CASE("config: malformed list indices in --set are errors", "[config]") {
  Tree tree = Tree::load_string(kConfig, "run.yaml");
  for (const char* bad : {"protocol[x].dose=1", "protocol[-1].dose=1", "protocol[].dose=1",
                          "protocol[1.dose=1", "protocol[1]x.dose=1", "protocol]1[.dose=1"}) {
    INFO(bad);
    CHECK_THAT(error_of([&] { tree.apply_override(bad); }), Contains("--set '"));
  }
  CHECK_THAT(error_of([&] { tree.apply_override("protocol[x].dose=1"); }),
             Contains("'[x]'") && Contains("not a list index"));
  CHECK_THAT(error_of([&] { tree.apply_override("[0].dose=1"); }), Contains("empty key"));
}
