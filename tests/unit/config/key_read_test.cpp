// The record of reads (config::KeyRead): what each typed read asked for, the patterns that
// generalise the names users choose, shared structures, and the resolved config with comments.
#include <catch2/catch.hpp>

#include <algorithm>

#include "config_test_util.hpp"

using namespace msabm::config;
using msabm::config::test::read;

namespace {

KeyRead find(const std::vector<KeyRead>& reads, const std::string& path) {
  const auto it = std::find_if(reads.begin(), reads.end(), [&](const KeyRead& r) { return r.path == path; });
  REQUIRE(it != reads.end());
  return *it;
}

}  // namespace

TEST_CASE("key reads: each typed read records kind, unit, default, range and whether it defaulted",
          "[config][describe]") {
  const Reader r = read("a: {speed: \"2 um/min\", n: 3, tag: x}\n");
  const Section a = r.root().section("a");
  a.quantity("speed", "um/min", "1 um/min", Range::non_negative());
  a.quantity("slow", "um/min", "5 um/min", Range::positive());
  a.integer("n", 1, 0, 10);
  a.number("share", 0.5, Range::probability());
  a.choice("mode", "fast", {"fast", "slow"});
  a.string("tag");
  a.boolean("on", false);
  const auto reads = r.key_reads();

  const KeyRead speed = find(reads, "a.speed");
  CHECK(speed.facts.type == "quantity");
  CHECK(speed.facts.unit == "um/min");
  CHECK(speed.facts.default_text == std::optional<std::string>("1 um/min"));
  CHECK(speed.facts.range == "[0, inf)");
  CHECK_FALSE(speed.facts.defaulted);
  CHECK(speed.value == "2 um/min");

  const KeyRead slow = find(reads, "a.slow");
  CHECK(slow.facts.defaulted);
  CHECK(slow.facts.range == "(0, inf)");
  CHECK(slow.value == "5 um/min");

  const KeyRead n = find(reads, "a.n");
  CHECK(n.facts.type == "integer");
  CHECK(n.facts.range == "[0, 10]");
  CHECK(n.facts.default_text == std::optional<std::string>("1"));
  CHECK_FALSE(n.facts.defaulted);

  CHECK(find(reads, "a.share").facts.range == "[0, 1]");
  const KeyRead mode = find(reads, "a.mode");
  CHECK(mode.facts.type == "choice");
  CHECK(mode.facts.choices == std::vector<std::string>{"fast", "slow"});
  CHECK(mode.facts.defaulted);
  // A required read has no default.
  CHECK_FALSE(find(reads, "a.tag").facts.default_text.has_value());
  CHECK(find(reads, "a.on").facts.type == "boolean");
  CHECK(find(reads, "a").facts.type == "map");
}

TEST_CASE("key reads: names users choose and list items are generalised in patterns; shared structures",
          "[config][describe]") {
  const Reader r = read(
      "kinds:\n  walker_a: {steps: [{len: \"1 um\"}, {len: \"2 um\"}], where: {shape: ball}}\n");
  const Section kinds = r.root().section("kinds");
  for (const auto& name : kinds.keys()) {
    const Section k = kinds.section(name);
    for (const Section& s : k.list("steps")) s.quantity("len", "um");
    const Section where = k.section("where");
    where.shared_structure("region");
    where.string("shape");
  }
  const auto reads = r.key_reads();
  CHECK(find(reads, "kinds").facts.type == "names");
  CHECK(find(reads, "kinds.walker_a.steps").facts.type == "list");
  const KeyRead len = find(reads, "kinds.walker_a.steps[1].len");
  CHECK(len.pattern == "kinds.<name>.steps[].len");
  CHECK(len.value == "2 um");
  CHECK(len.shared.empty());
  const KeyRead shape = find(reads, "kinds.walker_a.where.shape");
  CHECK(shape.pattern == "kinds.<name>.where.shape");
  CHECK(shape.shared == "region.shape");
}

TEST_CASE("key reads: the resolved config takes a comment per value; without comments it is unchanged",
          "[config][describe]") {
  const Reader r = read("a: {given: 1}\n");
  const Section a = r.root().section("a");
  a.integer("given", 0);
  a.integer("left", 7);
  const std::string marked = r.resolved_yaml([](const KeyRead& k) { return k.facts.defaulted ? "default" : ""; });
  CHECK(marked.find("left: 7  # default") != std::string::npos);
  CHECK(marked.find("given: 1\n") != std::string::npos);
  // The comments are the only difference.
  std::string stripped = marked;
  for (std::size_t at; (at = stripped.find("  # default")) != std::string::npos;) stripped.erase(at, 11);
  CHECK(stripped == r.resolved_yaml());
}
