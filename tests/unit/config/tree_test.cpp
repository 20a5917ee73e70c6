#include <catch2/catch.hpp>

#include "config_test_util.hpp"

using namespace msabm::config;
using Catch::Matchers::Contains;
using msabm::config::test::error_of;
using msabm::config::test::read;
using msabm::config::test::TempDir;

TEST_CASE("config: YAML syntax error names file and line", "[config]") {
  const auto msg = error_of([] { Tree::load_string("a: 1\nb: [1, 2\nc: 3\n", "broken.yaml"); });
  CHECK_THAT(msg, Contains("broken.yaml:") && Contains("YAML syntax error"));
  const auto msg2 = error_of([] { Tree::load_string("a: 1\n  b: 2\n", "indent.yaml"); });
  CHECK_THAT(msg2, Contains("indent.yaml:2:") && Contains("YAML syntax error"));
}

TEST_CASE("config: duplicate keys and non-map documents are errors", "[config]") {
  CHECK_THAT(error_of([] { Tree::load_string("a: 1\nb: 2\na: 3\n", "dup.yaml"); }),
             Contains("dup.yaml:3:1") && Contains("duplicate key 'a'"));
  CHECK_THAT(error_of([] { Tree::load_string("- 1\n- 2\n", "list.yaml"); }),
             Contains("list.yaml:1:1") && Contains("must be a map"));
  CHECK_NOTHROW(Tree::load_string("", "empty.yaml"));
}

TEST_CASE("config: missing file is an error naming the path", "[config]") {
  TempDir dir;
  const auto path = dir.path() / "nope.yaml";
  CHECK_THAT(error_of([&] { Tree::load_file(path); }),
             Contains(path.string()) && Contains("no such file"));
}

TEST_CASE("config: load_file keeps file locations and the config name", "[config]") {
  TempDir dir;
  const auto file = dir.write("scenario.yaml", "a:\n  b: 2 um\n");
  const Reader r(Tree::load_file(file));
  CHECK(r.name() == "scenario");
  CHECK(r.root().section("a").location("b").file == file.string());
  CHECK(r.root().section("a").location("b").line == 2);
}

TEST_CASE("config: extends inherits, overrides and chains", "[config]") {
  TempDir dir;
  dir.write("base.yaml",
            "walkers:\n  speed: 10 um/min\n  count: 5\nlattice:\n  size: [10, 10, 10]\n");
  dir.write("mid.yaml", "extends: base.yaml\nwalkers:\n  count: 7\n");
  const auto top =
      dir.write("top.yaml", "extends: mid.yaml\nwalkers:\n  speed: 3 um/min\nseed: 4\n");
  const Reader r(Tree::load_file(top));
  const Section w = r.root().section("walkers");
  CHECK(w.quantity("speed", "um/min") == 3.0);
  CHECK(w.integer("count") == 7);
  CHECK(r.root().section("lattice").integer3("size", {1, 1, 1}, 1, 100) ==
        std::array<std::int64_t, 3>{10, 10, 10});
  CHECK(r.root().integer("seed") == 4);
  CHECK(w.location("speed").file == top.string());
  CHECK(w.location("count").file == (dir.path() / "mid.yaml").string());
  CHECK(r.root().section("lattice").location("size").file == (dir.path() / "base.yaml").string());
  CHECK_NOTHROW(r.finish());
  CHECK(r.name() == "top");
}

TEST_CASE("config: errors in a base config name the base file", "[config]") {
  TempDir dir;
  dir.write("base.yaml", "walkers:\n  speed: 10\n");
  const auto top = dir.write("top.yaml", "extends: base.yaml\nseed: 1\n");
  const Reader r(Tree::load_file(top));
  CHECK_THAT(error_of([&] { r.root().section("walkers").quantity("speed", "um/min"); }),
             Contains("base.yaml:2:3") && Contains("missing unit"));
}

TEST_CASE("config: extends cycle and missing base are errors", "[config]") {
  TempDir dir;
  dir.write("a.yaml", "extends: b.yaml\nx: 1\n");
  dir.write("b.yaml", "extends: a.yaml\ny: 1\n");
  CHECK_THAT(error_of([&] { Tree::load_file(dir.path() / "a.yaml"); }),
             Contains("b.yaml:1:1") && Contains("cycle") && Contains("a.yaml -> b.yaml -> a.yaml"));
  const auto self = dir.write("self.yaml", "extends: self.yaml\n");
  CHECK_THAT(error_of([&] { Tree::load_file(self); }), Contains("cycle"));
  const auto orphan = dir.write("orphan.yaml", "x: 1\nextends: gone.yaml\n");
  CHECK_THAT(error_of([&] { Tree::load_file(orphan); }),
             Contains("orphan.yaml:2:1") && Contains("gone.yaml") && Contains("no such file"));
  const auto bad = dir.write("bad.yaml", "extends: [a, b]\n");
  CHECK_THAT(error_of([&] { Tree::load_file(bad); }),
             Contains("bad.yaml:1:1") && Contains("extends"));
}

TEST_CASE("config: aliases that multiply and endless files are errors (not exhausted memory)", "[config]") {
  // 8 aliases of 8 aliases ... of 8 values: 8^6 = 262144 values from six lines
  std::string yaml = "a: &a [1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (const char* name : {"b", "c", "d", "e", "f"}) {
    const std::string prev(1, static_cast<char>(name[0] - 1));
    yaml += std::string(name) + ": &" + name + " [*" + prev;
    for (int i = 1; i < 8; ++i) yaml += ", *" + prev;
    yaml += "]\n";
  }
  CHECK_THAT(error_of([&] { Tree::load_string(yaml, "bomb.yaml"); }),
             Contains("bomb.yaml:") && Contains("more than 100000 values"));
  CHECK_NOTHROW(Tree::load_string(yaml.substr(0, yaml.find("f:")), "fine.yaml"));  // 8^5 values
  TempDir dir;
  const auto zero = dir.write("zero.yaml", "extends: /dev/zero\n");
  CHECK_THAT(error_of([&] { Tree::load_file(zero); }),
             Contains("zero.yaml:1:1") && Contains("/dev/zero") && Contains("larger than 16 MiB"));
}

TEST_CASE("config: --set replaces values and creates maps", "[config]") {
  Tree tree = Tree::load_string("walkers:\n  speed: 10 um/min\n  count: 3\n", "run.yaml");
  tree.apply_override("walkers.speed=12 um/min");
  tree.apply_override("lattice.size=[5,6,7]");
  tree.apply_override(" seed = 9 ");
  const Reader r(std::move(tree));
  const Section w = r.root().section("walkers");
  CHECK(w.quantity("speed", "um/min") == 12.0);
  CHECK(w.integer("count") == 3);
  CHECK(r.root().section("lattice").integer3("size", {1, 1, 1}, 1, 100) ==
        std::array<std::int64_t, 3>{5, 6, 7});
  CHECK(r.root().integer("seed") == 9);
  CHECK(w.location("speed").file == "--set");
  CHECK_NOTHROW(r.finish());
}

TEST_CASE("config: --set values are validated with messages naming --set", "[config]") {
  Tree tree = Tree::load_string("walkers:\n  speed: 10 um/min\n", "run.yaml");
  tree.apply_override("walkers.speed=12");
  tree.apply_override("walkers.sped=1 um/min");
  const Reader r(std::move(tree));
  const auto msg = error_of([&] { r.root().section("walkers").quantity("speed", "um/min"); });
  CHECK(msg ==
        "--set walkers.speed: key 'walkers.speed': missing unit: expected a length/time such as "
        "'um/min'");
  CHECK_THAT(error_of([&] { r.finish(); }),
             Contains("--set walkers.sped") && Contains("did you mean 'speed'?"));
}

TEST_CASE("config: malformed --set assignments are errors", "[config]") {
  Tree tree = Tree::load_string("a:\n  b: 1\n", "run.yaml");
  CHECK_THAT(error_of([&] { tree.apply_override("a.b"); }),
             Contains("--set") && Contains("KEY=VALUE"));
  CHECK_THAT(error_of([&] { tree.apply_override("=3"); }), Contains("empty key"));
  CHECK_THAT(error_of([&] { tree.apply_override("a..b=3"); }), Contains("empty key"));
  CHECK_THAT(error_of([&] { tree.apply_override("a.b.c=3"); }),
             Contains("--set a.b.c") && Contains("'a.b' is not a map") && Contains("run.yaml:2:"));
  CHECK_THAT(error_of([&] { tree.apply_override("a.b="); }), Contains("missing value"));
  CHECK_THAT(error_of([&] { tree.apply_override("a.b=[1, 2"); }),
             Contains("--set a.b") && Contains("invalid value"));
}
