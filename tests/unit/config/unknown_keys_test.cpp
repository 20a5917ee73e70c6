#include <catch2/catch.hpp>

#include "config_test_util.hpp"

using namespace msabm::config;
using Catch::Matchers::Contains;
using msabm::config::test::error_of;
using msabm::config::test::read;

TEST_CASE("config: unknown key suggests the closest known key", "[config]") {
  const Reader r = read("walkers:\n  speed: 10 um/min\n  spead: 12 um/min\n", "run.yaml");
  r.root().section("walkers").quantity("speed", "um/min", "1 um/min");
  CHECK(error_of([&] { r.finish(); }) ==
        "run.yaml:3:3: key 'walkers.spead': unknown key 'spead' (did you mean 'speed'?)");
}

TEST_CASE("config: unknown key suggests keys read with their default", "[config]") {
  const Reader r = read("walkers:\n  persistance: 3 d\n");
  const Section w = r.root().section("walkers");
  w.quantity("speed", "um/min", "1 um/min");
  w.quantity("persistence", "min", "1 h");
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:2:3") &&
                                                Contains("key 'walkers.persistance'") &&
                                                Contains("did you mean 'persistence'?"));
}

TEST_CASE("config: unknown key far from all known keys lists them", "[config]") {
  const Reader r = read("a: 1\nb: 2\nzzzzzzzz: 3\n");
  r.root().number("a", 0);
  r.root().number("b", 0);
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:3:1") &&
                                                Contains("unknown key 'zzzzzzzz'") &&
                                                Contains("valid keys here: a, b"));
}

TEST_CASE("config: a block nobody reads is reported at its top key", "[config]") {
  const Reader r = read("lattice:\n  size: 3\nlatice:\n  size: 4\n");
  r.root().section("lattice").integer("size", 1);
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:3:1") && Contains("key 'latice'") &&
                                                Contains("did you mean 'lattice'?"));
}

TEST_CASE("config: first unknown key in file order is reported", "[config]") {
  const Reader r = read("x1: 1\ngood: 2\nx2: 3\n");
  r.root().number("good", 0);
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:1:1") && Contains("'x1'"));
}

TEST_CASE("config: sub-keys of user-named sections must still be read", "[config]") {
  const Reader r = read("kinds:\n  tcell:\n    speed: 1 um/min\n    sped: 2 um/min\n");
  const Section kinds = r.root().section("kinds");
  for (const auto& k : kinds.keys()) kinds.section(k).quantity("speed", "um/min");
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:4:5") &&
                                                Contains("key 'kinds.tcell.sped'") &&
                                                Contains("did you mean 'speed'?"));
}

TEST_CASE("config: has() alone does not make a key known", "[config]") {
  const Reader r = read("x: 1\n");
  CHECK(r.root().has("x"));
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("unknown key 'x'"));
}
