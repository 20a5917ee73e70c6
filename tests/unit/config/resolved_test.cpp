#include <catch2/catch.hpp>

#include <tuple>

#include "config_test_util.hpp"

using namespace msabm::config;
using msabm::config::test::read;

namespace {

// Every kind of read, as a model would do it; returns what it read.
struct Values {
  double speed, persistence, fraction, scale;
  std::int64_t count, steps;
  bool active;
  std::string name, mode, empty, nully;
  std::array<double, 3> voxel, origin;
  std::array<std::int64_t, 3> size;
  std::vector<std::pair<std::string, double>> kinds;
  std::vector<std::pair<double, std::string>> events;
  bool operator==(const Values&) const = default;
};

Values read_all(const Reader& r) {
  Values v;
  const Section root = r.root();
  const Section w = root.section("walkers");
  v.speed = w.quantity("speed", "um/min", "10 um/min");
  v.persistence = w.quantity("persistence", "min", "2 h");
  v.fraction = w.number("fraction", 0.1, Range::probability());
  v.scale = root.section("absent").section("deep").number("scale", 1e-6);
  v.count = w.integer("count", 5, 0, 100);
  v.steps = root.integer("steps", 1000);
  v.active = w.boolean("active", true);
  v.name = root.string("name", "run");
  v.mode = root.choice("mode", "euler", {"euler", "rk4"});
  v.empty = root.string("empty", "");
  v.nully = root.string("nully", "null");
  v.voxel = root.section("lattice").quantity3("voxel", "um", "[10 um, 10 um, 10 um]");
  v.origin = root.section("lattice").quantity3("origin", "um", "0 um");
  v.size = root.section("lattice").integer3("size", {8, 8, 8}, 1, 1000);
  const Section kinds = root.section("kinds");
  for (const auto& k : kinds.keys())
    v.kinds.emplace_back(k, kinds.section(k).quantity("speed", "um/min"));
  for (const auto& e : root.list("events"))
    v.events.emplace_back(e.quantity("at", "d"), e.string("action", "none"));
  std::ignore = root.list("no_events");
  return v;
}

const char* kConfig = R"(
name: patient 7
walkers:
  speed: 1800 um/h
  active: off
  count: 12
lattice:
  voxel: ["5 um", "5 um", "1e1 um"]
kinds:
  tcell: {speed: 3 um/min}
  b: {speed: 2 um/s}
events:
  - {at: 1 d, action: "start: now"}
  - at: 2.5 d
mode: rk4
)";

}  // namespace

TEST_CASE("config: resolved_yaml holds every value read, defaults filled in", "[config]") {
  const Reader r = read(kConfig);
  read_all(r);
  r.finish();
  const std::string yaml = r.resolved_yaml();
  CHECK(yaml.find("speed: 1800 um/h") != std::string::npos);
  CHECK(yaml.find("persistence: 2 h") != std::string::npos);
  CHECK(yaml.find("fraction: 0.1") != std::string::npos);
  CHECK(yaml.find("active: false") != std::string::npos);
  CHECK(yaml.find("scale: 1e-06") != std::string::npos);
  CHECK(yaml.find("no_events: []") != std::string::npos);
  // In the order first read: walkers before lattice before kinds.
  CHECK(yaml.find("walkers:") < yaml.find("lattice:"));
  CHECK(yaml.find("lattice:") < yaml.find("kinds:"));
}

TEST_CASE("config: resolved_yaml round-trips", "[config]") {
  const Reader first = read(kConfig);
  const Values a = read_all(first);
  first.finish();
  const std::string yaml = first.resolved_yaml();
  INFO(yaml);
  const Reader second = read(yaml, "resolved.yaml");
  const Values b = read_all(second);
  CHECK_NOTHROW(second.finish());
  CHECK(a == b);
  CHECK(second.resolved_yaml() == yaml);
  CHECK(b.speed == 30.0);
  CHECK(b.events.size() == 2);
  CHECK(b.events[0].second == "start: now");
  CHECK(b.nully == "null");
}

TEST_CASE("config: resolved_yaml of an empty config holds the defaults", "[config]") {
  const Reader first = read("");
  const Values a = read_all(first);
  const Reader second = read(first.resolved_yaml());
  CHECK(read_all(second) == a);
  CHECK_NOTHROW(second.finish());
}
