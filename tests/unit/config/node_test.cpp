// Node: values read whole, whatever their kind (lists, maps, scalars), with typed reads of
// scalars, flow YAML text and locations; Section::expect_keys; Tree::load_standalone_file.
#include <catch2/catch.hpp>

#include "config_test_util.hpp"

using namespace msabm::config;
using Catch::Matchers::Contains;
using msabm::config::test::error_of;
using msabm::config::test::read;
using msabm::config::test::TempDir;

TEST_CASE("config: a node tells its kind, location and path", "[config]") {
  const Reader r = read("vary:\n  a.b: [1, \"2 um\", x]\n  c: {start: 1}\n  d: 3\n  e:\n");
  const Section vary = r.root().section("vary");
  const Node list = vary.node("a.b");
  CHECK(list.is_list());
  CHECK(list.path() == "vary.a.b");
  CHECK(list.location().line == 2);
  CHECK(list.location().column == 3);  // the key
  CHECK(list.describe() == "a list");
  const auto items = list.items();
  REQUIRE(items.size() == 3);
  CHECK(items[1].path() == "vary.a.b[1]");
  CHECK(items[1].location().column == 12);  // the item
  CHECK(items[2].text("a word") == "x");
  CHECK(vary.node("c").is_map());
  CHECK(vary.node("d").is_scalar());
  CHECK(vary.node("d").describe() == "'3'");
  CHECK(vary.node("e").kind() == Node::Kind::Null);
  CHECK(vary.node("e").items().empty());
  const Node absent = vary.node("zzz");
  CHECK_FALSE(absent.present());
  CHECK(absent.items().empty());
  CHECK(absent.section().keys().empty());
  // A map taken as a node is not read yet: its keys are reported until something reads them.
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("test.yaml:3:7: key 'vary.c.start'"));
  CHECK(vary.node("c").section().number("start") == 1.0);
  CHECK_NOTHROW(r.finish());
}

TEST_CASE("config: a node as one line of YAML, everything in it read", "[config]") {
  const Reader r = read(
      "set:\n"
      "  a: \"10 um\"\n"
      "  b: [1, \"2 um\", [3]]\n"
      "  c:\n    d: e\n    f: [g, {h: 1}]\n"
      "  n: ~\n"
      "  q: \"a: b\"\n");
  const Section set = r.root().section("set");
  CHECK(set.node("a").yaml() == "10 um");
  CHECK(set.node("b").yaml() == "[1, 2 um, [3]]");
  CHECK(set.node("c").yaml() == "{d: e, f: [g, {h: 1}]}");
  CHECK(set.node("n").yaml() == "~");
  CHECK(set.node("q").yaml() == "\"a: b\"");
  CHECK_NOTHROW(r.finish());  // the keys inside c count as read
  // The resolved record keeps them as written.
  CHECK_THAT(r.resolved_yaml(), Contains("f: [g, {h: 1}]") || Contains("h: 1"));
}

TEST_CASE("config: typed reads of a node's scalar", "[config]") {
  const Reader r = read(
      "v: [\"15 um^2/min\", 3, \"90 min\", point, \"3 umm\", \"2 um\", -0.5, [1]]\n", "v.yaml");
  const auto v = r.root().node("v").items();
  const auto m = v[0].measure();
  CHECK(m.number == 15.0);
  CHECK(m.unit == "um^2/min");
  CHECK(v[1].measure().unit.empty());
  CHECK(v[1].number({}) == 3.0);
  CHECK(v[2].measure_in("h") == 1.5);
  CHECK(v[2].measure_in("min") == 90.0);
  CHECK_FALSE(v[3].try_measure().has_value());
  CHECK_FALSE(v[4].try_measure().has_value());
  CHECK_FALSE(v[7].try_measure().has_value());
  CHECK(error_of([&] { (void)v[3].measure(); }) ==
        "v.yaml:1:33: key 'v[3]': expected a number or a quantity such as '10 um', found 'point'");
  CHECK_THAT(error_of([&] { (void)v[4].measure(); }),
             Contains("key 'v[4]'") && Contains("unknown unit 'umm'"));
  CHECK_THAT(error_of([&] { (void)v[5].measure_in("h"); }),
             Contains("key 'v[5]'") && Contains("'2 um' is a length, expected a time such as 'h'"));
  CHECK_THAT(error_of([&] { (void)v[6].number(Range::non_negative()); }),
             Contains("key 'v[6]'") && Contains("value -0.5 is out of range [0, inf)"));
  CHECK_THAT(error_of([&] { (void)v[3].number({}); }),
             Contains("expected a number, found 'point'"));
  CHECK_THAT(error_of([&] { (void)v[7].text("a word"); }),
             Contains("key 'v[7]'") && Contains("expected a word, found a list"));
  CHECK_THAT(error_of([&] { (void)v[7].section(); }),
             Contains("expected a map of keys, found a list"));
  CHECK_THAT(error_of([&] { (void)v[0].items(); }),
             Contains("expected a list, found '15 um^2/min'"));
  CHECK(error_of([&] { v[1].fail("no good"); }) == "v.yaml:1:20: key 'v[1]': no good");
}

TEST_CASE("config: a map node read as a section, its unread keys reported", "[config]") {
  const Reader r = read("vary:\n  a: {start: 1, stop: 3, stpe: 1}\n");
  const Section range = r.root().section("vary").node("a").section();
  CHECK(range.path() == "vary.a");
  CHECK(range.number("start") == 1.0);
  CHECK(range.number("stop") == 3.0);
  CHECK_THAT(error_of([&] { r.finish(); }),
             Contains("test.yaml:2:26: key 'vary.a.stpe'") && Contains("unknown key 'stpe'"));
}

TEST_CASE("config: expect_keys reports an unknown key before anything is read", "[config]") {
  const Reader r = read("slurm: {time: 1 h, tsks: 3}\nother: {a: 1}\n", "s.yaml");
  const Section slurm = r.root().section("slurm");
  CHECK(error_of([&] {
          slurm.expect_keys({"time", "tasks", "partition"});
        }) == "s.yaml:1:20: key 'slurm.tsks': unknown key 'tsks' (did you mean 'tasks'?)");
  const Section other = r.root().section("other");
  CHECK_NOTHROW(other.expect_keys({"a", "b"}));
  // It reads nothing: a declared key that is never read is still reported at the end.
  CHECK_THAT(error_of([&] { r.finish(); }), Contains("key 'slurm.time'"));
  CHECK_NOTHROW(r.root().section("nothing").expect_keys({"x"}));
}

TEST_CASE("config: a standalone file keeps 'extends' as a key and names its kind", "[config]") {
  TempDir dir;
  dir.write("base.yaml", "x: 1\n");
  const auto file = dir.write("sweep.yaml", "extends: base.yaml\ny: 2\n");
  const Reader r(Tree::load_standalone_file(file, "sweep"));
  CHECK(r.name() == "sweep");
  CHECK(r.root().string("extends") == "base.yaml");
  CHECK_FALSE(r.root().has("x"));
  CHECK(r.root().location("y").line == 2);
  CHECK_THAT(error_of([&] { Tree::load_standalone_file(dir.path() / "no.yaml", "sweep"); }),
             Contains("cannot read sweep file") && Contains("no such file"));
  const auto list = dir.write("list.yaml", "- 1\n");
  CHECK_THAT(error_of([&] { Tree::load_standalone_file(list, "sweep"); }),
             Contains("list.yaml:1:1: a sweep must be a map"));
  const auto broken = dir.write("broken.yaml", "a: [1\n");
  CHECK_THAT(error_of([&] { Tree::load_standalone_file(broken, "sweep"); }),
             Contains("broken.yaml:") && Contains("YAML syntax error"));
}
