// HDF5 closes the handles a program forgot when the program exits, so neither LeakSanitizer nor
// an exit code shows a forgotten handle. The readers run here, in this process, and the count of
// open identifiers is checked after each, on good and on damaged files (the command line checks
// the same count after every command in builds with assertions: engine/cli/cli.cpp).
#include <catch2/catch.hpp>

#include <fstream>

#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/hdf5_handles.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/info.hpp"
#include "io/io_support.hpp"

using namespace msabm;
using namespace msabm::testing;
namespace fs = std::filesystem;

TEST_CASE("io: the readers close every HDF5 handle they open, on good and on damaged files",
          "[io][handles]") {
  TempDir dir("io-handles");
  write_text(dir.path() / "c.yaml", small_config("30 min"));
  const fs::path out = dir.path() / "run";
  REQUIRE(run_msabm("run " + quote(dir.path() / "c.yaml") + " --out " + quote(out) +
                    " --set 'output.checkpoint_interval=\"10 min\"'")
              .exit_code == 0);
  const fs::path result = out / "result.h5";
  const fs::path checkpoint = out / "checkpoint.h5";
  REQUIRE(h5::open_identifiers() == 0);

  {  // The count sees a handle held open (so that the checks below can fail).
    const h5::Handle f = h5::open_file(result, false);
    CHECK(h5::open_identifiers() == 1);
  }
  CHECK(h5::open_identifiers() == 0);

  CHECK_FALSE(describe_file(result).empty());
  CHECK(h5::open_identifiers() == 0);
  CHECK_FALSE(describe_file(checkpoint).empty());
  CHECK(h5::open_identifiers() == 0);
  CHECK_NOTHROW(read_checkpoint_header(checkpoint));
  CHECK(h5::open_identifiers() == 0);

  // A result file cut short: HDF5 opens it or gives up part way, and either way nothing stays
  // open.
  const std::string bytes = read_text(result);
  for (const std::size_t keep : {bytes.size() / 2, bytes.size() - 64}) {
    const fs::path cut = dir.path() / "cut.h5";
    std::ofstream(cut, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(keep));
    INFO("first " << keep << " of " << bytes.size() << " bytes");
    try {
      (void)describe_file(cut);
    } catch (const std::exception&) {
    }
    CHECK(h5::open_identifiers() == 0);
  }
}
