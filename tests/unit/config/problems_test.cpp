// Every error of a config at once: while a Reader collects errors, a bad value of a key with a
// default is recorded and the default used; finish() reports them with every unknown key, in
// file order; an error that stops the reading is reported with those found before it.
#include <catch2/catch.hpp>

#include "config_test_util.hpp"

using namespace msabm::config;
using Catch::Matchers::Contains;
using msabm::config::test::error_of;
using msabm::config::test::read;

TEST_CASE("config problems: bad values with defaults are all reported, with the unknown keys", "[config]") {
  const Reader r = read(
      "walkers:\n"                    // 1
      "  speed: \"-3 um/min\"\n"      // 2: out of range
      "  count: many\n"               // 3: not an integer
      "  spead: 1\n"                  // 4: unknown
      "  period: \"2 um\"\n");        // 5: wrong dimension
  r.collect_errors();
  const Section w = r.root().section("walkers");
  // Reading goes on with the defaults.
  CHECK(w.quantity("speed", "um/min", "4 um/min", Range::non_negative()) == 4.0);
  CHECK(w.integer("count", 7, 0) == 7);
  CHECK(w.quantity("period", "min", "1 min") == 1.0);
  const std::string message = error_of([&] { r.finish(); });
  INFO(message);
  CHECK_THAT(message, Contains("4 errors:"));
  // One line each, in file order.
  const auto at = [&](const std::string& s) { return message.find(s); };
  CHECK(at("test.yaml:2:3: key 'walkers.speed'") < at("test.yaml:3:3: key 'walkers.count'"));
  CHECK(at("test.yaml:3:3: key 'walkers.count'") < at("test.yaml:4:3: key 'walkers.spead'"));
  CHECK(at("test.yaml:4:3: key 'walkers.spead'") < at("test.yaml:5:3: key 'walkers.period'"));
  CHECK(at("test.yaml:5:3: key 'walkers.period'") != std::string::npos);
  CHECK_THAT(message, Contains("out of range") && Contains("expected an integer") && Contains("did you mean 'speed'"));
}

TEST_CASE("config problems: without collect_errors a bad value throws where it is read", "[config]") {
  const Reader r = read("a: \"-1 min\"\n");
  CHECK_THAT(error_of([&] { r.root().quantity("a", "min", "1 min", Range::non_negative()); }),
             Contains("test.yaml:1:1") && Contains("out of range"));
}

TEST_CASE("config problems: several unknown keys are reported together", "[config]") {
  const Reader r = read("x1: 1\ngood: 2\nx2: 3\n");
  r.root().number("good", 0);
  const std::string message = error_of([&] { r.finish(); });
  CHECK_THAT(message, Contains("2 errors:") && Contains("test.yaml:1:1: key 'x1'") && Contains("test.yaml:3:1: key 'x2'"));
}

TEST_CASE("config problems: required keys and wrong choices stop the reading, with what came before", "[config]") {
  const Reader r = read("a: \"-1 min\"\nkind: nope\nextra: 1\n");
  r.collect_errors();
  const Section root = r.root();
  root.quantity("a", "min", "1 min", Range::non_negative());  // recorded
  std::string message;
  try {
    root.choice("kind", {"walker", "target"});
    FAIL("a wrong choice was accepted");
  } catch (const msabm::InputError&) {
    message = error_of([&] { r.fail_with(std::current_exception()); });
  }
  CHECK_THAT(message, Contains("2 errors:") && Contains("test.yaml:1:1: key 'a'") &&
                          Contains("test.yaml:2:1: key 'kind'") && Contains("unknown choice 'nope'"));
  // The reading did not get to every key: unknown keys are not guessed at.
  CHECK_THAT(message, !Contains("extra"));
  // Alone, the stopping error is rethrown as it is.
  const Reader alone = read("kind: nope\n");
  alone.collect_errors();
  try {
    alone.root().choice("kind", {"walker"});
  } catch (const msabm::ConfigError&) {
    CHECK_THROWS_AS(alone.fail_with(std::current_exception()), msabm::ConfigError);
  }
}

TEST_CASE("config problems: Section::error is recorded while collecting, thrown otherwise", "[config]") {
  const Reader r = read("n: 3\nm: 4\n");
  r.collect_errors();
  r.root().integer("n", 0);
  r.root().integer("m", 0);
  r.root().error("n", "too many");
  r.root().error("m", "too few");
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:1:1: key 'n': too many") &&
                                                Contains("test.yaml:2:1: key 'm': too few"));
  const Reader plain = read("n: 3\n");
  CHECK_THAT(error_of([&] { plain.root().error("n", "too many"); }), Contains("key 'n': too many"));
}

TEST_CASE("config problems: an error at a key not in the file says it is a default and what to set", "[config]") {
  const Reader r = read("time: {step: \"7 min\"}\n");
  const Section time = r.root().section("time");
  time.quantity("sort_interval", "min", "10 min");
  CHECK_THAT(error_of([&] { time.fail("sort_interval", "is not a whole multiple of time.step"); }),
             Contains("key 'time.sort_interval'") && Contains("not in the file") && Contains("10 min is its default") &&
                 Contains("set time.sort_interval"));
  // A key the user wrote gets no such note.
  time.quantity("step", "min", "1 min");
  CHECK_THAT(error_of([&] { time.fail("step", "is odd"); }), !Contains("default"));
}

TEST_CASE("config problems: warnings are kept once each, at their key", "[config]") {
  const Reader r = read("time: {duration: \"90 s\"}\n");
  const Section time = r.root().section("time");
  time.warn("duration", "not a whole number of steps");
  time.warn("duration", "not a whole number of steps");  // the section read twice
  REQUIRE(r.warnings().size() == 1);
  CHECK(r.warnings()[0].text() == "test.yaml:1:8: key 'time.duration': not a whole number of steps");
}
