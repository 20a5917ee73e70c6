// A failed member's status.json says why in one line, read from the end of its log.txt: the
// last "msabm: error:" line, and when a config had several errors, all of them.
#include <catch2/catch.hpp>

#include "engine/sweep/member_files.hpp"
#include "support/command.hpp"

using namespace msabm::testing;

TEST_CASE("sweep member log: the error line, and every error of a multi-error report", "[sweep]") {
  TempDir dir("member-log");
  const auto log = dir.path() / "log.txt";
  write_text(log, "==== msabm sweep 's' member 0: fresh\nt = 1 min / 2 min\nmsabm: error: c.yaml:3:1: key 'x': bad\n");
  CHECK(msabm::sweep::error_from_log(log) == "c.yaml:3:1: key 'x': bad");
  write_text(log,
             "msabm: error: 2 errors:\n"
             "  c.yaml:3:1: key 'x': bad\n"
             "  c.yaml:5:1: key 'y': worse\n"
             "==== msabm sweep 's' member 0: fresh again\n");
  CHECK(msabm::sweep::error_from_log(log) == "2 errors: c.yaml:3:1: key 'x': bad; c.yaml:5:1: key 'y': worse");
  write_text(log, "t = 1 min / 2 min\n");
  CHECK(msabm::sweep::error_from_log(log) == "t = 1 min / 2 min");  // no error line: the last line
}
