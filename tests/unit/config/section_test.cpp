#include <catch2/catch.hpp>

#include "config_test_util.hpp"

using namespace msabm::config;
using Catch::Matchers::Contains;
using msabm::config::test::error_of;
using msabm::config::test::read;

TEST_CASE("config: typed reads return values in internal units", "[config]") {
  const Reader r = read(R"(
walkers:
  speed: 12 um/min
  persistence: "3 d"
  diffusivity: 2e-7 cm^2/s
  count: 40
  fraction: 0.25
  active: yes
  mode: rk4
  size: [50, 50, 20]
  voxel: ["10 um", "1 cm", 5 mm]
)");
  const Section w = r.root().section("walkers");
  CHECK(w.path() == "walkers");
  CHECK(w.quantity("speed", "um/min") == 12.0);
  CHECK(w.quantity("persistence", "min", "1 h") == 4320.0);
  CHECK(w.quantity("diffusivity", "um^2/min", "0 um^2/min") == Approx(1200.0));
  CHECK(w.integer("count") == 40);
  CHECK(w.number("fraction", Range::probability()) == 0.25);
  CHECK(w.boolean("active", false));
  CHECK(w.choice("mode", "euler", {"euler", "rk4"}) == "rk4");
  CHECK(w.integer3("size", {1, 1, 1}, 1, 1000) == std::array<std::int64_t, 3>{50, 50, 20});
  const auto voxel = w.quantity3("voxel", "um", "[1 um, 1 um, 1 um]");
  CHECK(voxel[0] == 10.0);
  CHECK(voxel[1] == 1e4);
  CHECK(voxel[2] == 5e3);
  CHECK(w.has("speed"));
  CHECK_FALSE(w.has("absent"));
  CHECK_NOTHROW(r.finish());
  CHECK(r.name() == "test");
}

TEST_CASE("config: defaults fill absent keys and absent sections", "[config]") {
  const Reader r = read("a: {}\n");
  const Section root = r.root();
  const Section missing = root.section("nothing").section("deeper");
  CHECK(missing.path() == "nothing.deeper");
  CHECK_FALSE(missing.has("x"));
  CHECK(missing.keys().empty());
  CHECK(missing.list("events").empty());
  CHECK(missing.quantity("speed", "um/min", "10 um/min") == 10.0);
  CHECK(missing.quantity3("v", "um", "2 um") == std::array<double, 3>{2, 2, 2});
  CHECK(missing.number("n", 1.5) == 1.5);
  CHECK(missing.integer("i", 7) == 7);
  CHECK(missing.boolean("b", true));
  CHECK(missing.string("s", "hello") == "hello");
  CHECK(missing.choice("c", "euler", {"euler", "rk4"}) == "euler");
  CHECK(root.section("a").number("x", 3.0) == 3.0);
  CHECK_NOTHROW(r.finish());
}

TEST_CASE("config: missing unit is an error naming file, line and key", "[config]") {
  const Reader r = read("walkers:\n  speed: 12\n", "model.yaml");
  const auto msg = error_of([&] { r.root().section("walkers").quantity("speed", "um/min"); });
  CHECK(
      msg ==
      "model.yaml:2:3: key 'walkers.speed': missing unit: expected a length/time such as 'um/min'");
}

TEST_CASE("config: wrong dimension is an error", "[config]") {
  const Reader r = read("walkers:\n  dt: 3 um\n");
  const auto msg = error_of([&] { r.root().section("walkers").quantity("dt", "min", "1 min"); });
  CHECK_THAT(msg, Contains("test.yaml:2:3") && Contains("key 'walkers.dt'") &&
                      Contains("'3 um' is a length, expected a time such as 'min'"));
}

TEST_CASE("config: unknown unit symbol is an error at the key", "[config]") {
  const Reader r = read("a:\n  b:\n    speed: 3 umm/min\n");
  const auto msg =
      error_of([&] { r.root().section("a").section("b").quantity("speed", "um/min"); });
  CHECK_THAT(msg, Contains("test.yaml:3:5") && Contains("key 'a.b.speed'") &&
                      Contains("unknown unit 'umm'"));
}

TEST_CASE("config: out of range values", "[config]") {
  const Reader r = read("p: 1.5\nspeed: 30 um/min\nn: 12\nrate: -1 1/h\n");
  const Section s = r.root();
  CHECK(error_of([&] { s.number("p", 0.5, Range::probability()); }) ==
        "test.yaml:1:1: key 'p': value 1.5 is out of range [0, 1]");
  CHECK_THAT(
      error_of([&] { s.quantity("speed", "um/min", Range::closed(0, 20)); }),
      Contains("test.yaml:2:1") && Contains("value 30 um/min is out of range [0, 20] um/min"));
  CHECK_THAT(error_of([&] { s.integer("n", 1, 0, 10); }),
             Contains("test.yaml:3:1") && Contains("key 'n'") &&
                 Contains("value 12 is out of range [0, 10]"));
  CHECK_THAT(error_of([&] { s.quantity("rate", "1/min", Range::positive()); }),
             Contains("test.yaml:4:1") && Contains("out of range (0, inf) 1/min"));
  CHECK_THAT(error_of([&] { s.quantity("speed", "um/s", Range::closed(0, 6)); }),
             Contains("[0, 0.1] um/s"));
}

TEST_CASE("config: wrong types", "[config]") {
  const Reader r = read(R"(
n: abc
i: 2.5
j: abc
flag: maybe
block:
  x: 1
name: tcell
list: [1, 2]
size: [1, 2]
v: ["1 um", "2 um"]
)");
  const Section s = r.root();
  CHECK(error_of([&] { s.number("n", 1.0); }) ==
        "test.yaml:2:1: key 'n': expected a number, found 'abc'");
  CHECK_THAT(error_of([&] { s.integer("i", 1); }),
             Contains("test.yaml:3:1") && Contains("expected an integer, found '2.5'"));
  CHECK_THAT(error_of([&] { s.integer("j"); }),
             Contains("test.yaml:4:1") && Contains("expected an integer, found 'abc'"));
  CHECK_THAT(error_of([&] { s.boolean("flag", false); }),
             Contains("test.yaml:5:1") && Contains("expected true or false, found 'maybe'"));
  CHECK_THAT(error_of([&] { s.string("block"); }), Contains("test.yaml:6:1") &&
                                                       Contains("key 'block'") &&
                                                       Contains("expected a text, found a map"));
  CHECK_THAT(error_of([&] { s.quantity("block", "um", "1 um"); }),
             Contains("test.yaml:6:1") && Contains("found a map"));
  CHECK_THAT(error_of([&] { s.section("name"); }),
             Contains("test.yaml:8:1") && Contains("key 'name'") &&
                 Contains("expected a map of keys, found 'tcell'"));
  CHECK_THAT(error_of([&] { s.section("list"); }),
             Contains("test.yaml:9:1") && Contains("expected a map of keys, found a list"));
  CHECK_THAT(error_of([&] { s.list("name"); }),
             Contains("test.yaml:8:1") && Contains("expected a list of maps"));
  CHECK_THAT(error_of([&] { s.list("list"); }), Contains("test.yaml:9:8") &&
                                                    Contains("key 'list[0]'") &&
                                                    Contains("expected a map of keys, found '1'"));
  CHECK_THAT(error_of([&] {
               s.integer3("size", {1, 1, 1}, 0, 10);
             }),
             Contains("test.yaml:10:1") && Contains("expected a list of 3 integers") &&
                 Contains("a list of 2"));
  CHECK_THAT(error_of([&] { s.quantity3("v", "um", "0 um"); }),
             Contains("test.yaml:11:1") && Contains("expected a list of 3 values, found 2"));
}

TEST_CASE("config: bad choice lists the choices and suggests", "[config]") {
  const Reader r = read("solver:\n  method: eulr\n");
  const auto msg = error_of([&] {
    r.root().section("solver").choice("method", "rk4", {"euler", "rk4", "implicit"});
  });
  CHECK_THAT(msg, Contains("test.yaml:2:3") && Contains("key 'solver.method'") &&
                      Contains("unknown choice 'eulr' (did you mean 'euler'?)") &&
                      Contains("euler, rk4, implicit"));
}

TEST_CASE("config: required key missing uses the section location", "[config]") {
  const Reader r = read("top: 1\nwalkers:\n  other: 1\n");
  const auto msg = error_of([&] { r.root().section("walkers").quantity("speed", "um/min"); });
  CHECK_THAT(msg,
             Contains("test.yaml:3:3") && Contains("key 'walkers.speed'") &&
                 Contains("required key is missing (expected a length/time such as 'um/min')"));
  CHECK_THAT(error_of([&] { r.root().section("absent").number("x"); }),
             Contains("key 'absent.x': required key is missing (expected a number)"));
  CHECK_THAT(error_of([&] { r.root().string("name"); }),
             Contains("key 'name': required key is missing"));
  CHECK_THAT(error_of([&] { r.root().integer("k"); }), Contains("(expected an integer)"));
}

TEST_CASE("config: keys() and list() give user-named maps and items", "[config]") {
  const Reader r = read(R"(
kinds:
  tcell: {speed: 10 um/min}
  target:
    speed: 1 um/min
events:
  - {at: 1 d, action: start}
  - at: 2 d
    action: stop
)");
  const Section kinds = r.root().section("kinds");
  const auto names = kinds.keys();
  REQUIRE(names == std::vector<std::string>{"tcell", "target"});
  CHECK(kinds.section("tcell").quantity("speed", "um/min") == 10.0);
  CHECK(kinds.section("target").quantity("speed", "um/min") == 1.0);
  const auto events = r.root().list("events");
  REQUIRE(events.size() == 2);
  CHECK(events[1].path() == "events[1]");
  CHECK(events[1].location().line == 8);
  CHECK(events[0].quantity("at", "d") == 1440.0);
  CHECK(events[1].quantity("at", "d") == 2880.0);
  CHECK(events[1].string("action") == "stop");
  CHECK_THAT(error_of([&] { r.finish(); }),
             Contains("key 'events[0].action'") && Contains("unknown key 'action'"));
  CHECK(events[0].string("action") == "start");
  CHECK_NOTHROW(r.finish());
}

TEST_CASE("config: fail() reports a cross-field error at a key", "[config]") {
  const Reader r = read("lattice:\n  size: 10\n");
  const Section s = r.root().section("lattice");
  CHECK(s.location("size").line == 2);
  CHECK(error_of([&] { s.fail("size", "must be at least 20"); }) ==
        "test.yaml:2:3: key 'lattice.size': must be at least 20");
}
