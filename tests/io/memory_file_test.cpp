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

std::string build_and_take(std::size_t values, bool reference) {
  h5::Handle file = h5::create_memory_file("test.h5", values * sizeof(double) + 4096);
  h5::set_attribute(file.get(), "format", std::string_view("test"));
  std::vector<double> data(values);
  std::iota(data.begin(), data.end(), 0.5);
  const h5::Handle group = h5::create_group(file.get(), "state");
  h5::write_vector<double>(group.get(), "values", data, 0, "1");
  if (reference) {
    std::vector<char> image;
    const std::size_t size = h5::file_image(file.get(), image);
    return std::string(image.data(), size);
  }
  const h5::MemoryFileBytes bytes = h5::memory_file_bytes(file.get());
  return bytes.head + std::string(bytes.body);
}

}  // namespace

TEST_CASE("io: memory file bytes in place equal HDF5's file image", "[io]") {
  // Small (all in the first block), large (most of it in place), and again after a larger one
  // (the memory is reused: stale bytes past the end must not show).
  for (const std::size_t values : {std::size_t{10}, std::size_t{300000}, std::size_t{1000}}) {
    const std::string in_place = build_and_take(values, false);
    const std::string reference = build_and_take(values, true);
    REQUIRE(in_place.size() == reference.size());
    CHECK(in_place == reference);
  }
}
