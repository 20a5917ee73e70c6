// HDF5 files built in memory (checkpoints): the bytes taken in place from the core driver's
// memory are exactly HDF5's own file image, and that memory is reused by the next file.
#include <catch2/catch.hpp>

#include <numeric>
#include <string>
#include <vector>

#include "engine/io/hdf5_file_image.hpp"
#include "engine/io/hdf5_write.hpp"

using namespace msabm;

namespace {

/// Builds a small file in memory and returns (the bytes taken in place, HDF5's own image of the
/// same file). Both come from one file: HDF5 leaves some bytes of its metadata blocks unwritten,
/// so two builds of the same content may differ there (ASan fills fresh memory with 0xbe).
std::pair<std::string, std::string> build_and_take(std::size_t values) {
  h5::Handle file = h5::create_memory_file("test.h5", values * sizeof(double) + 4096);
  h5::set_attribute(file.get(), "format", std::string_view("test"));
  std::vector<double> data(values);
  std::iota(data.begin(), data.end(), 0.5);
  const h5::Handle group = h5::create_group(file.get(), "state");
  h5::write_vector<double>(group.get(), "values", data, 0, "1");
  const h5::MemoryFileBytes bytes = h5::memory_file_bytes(file.get());
  std::string in_place = bytes.head + std::string(bytes.body);
  std::vector<char> image;
  const std::size_t size = h5::file_image(file.get(), image);
  return {std::move(in_place), std::string(image.data(), size)};
}

}  // namespace

TEST_CASE("io: memory file bytes in place equal HDF5's file image", "[io]") {
  // Small (all in the first block), large (most of it in place), and again after a larger one
  // (the memory is reused: stale bytes past the end must not show).
  for (const std::size_t values : {std::size_t{10}, std::size_t{300000}, std::size_t{1000}}) {
    const auto [in_place, reference] = build_and_take(values);
    REQUIRE(in_place.size() == reference.size());
    CHECK(in_place == reference);
  }
}
