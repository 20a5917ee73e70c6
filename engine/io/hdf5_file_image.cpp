#include "engine/io/hdf5_file_image.hpp"

#include <algorithm>
#include <cstdint>

#include "engine/io/hdf5_write.hpp"

namespace msabm::h5 {

namespace {

/// Bob Jenkins' lookup3 hashlittle(), the checksum HDF5 puts on its metadata.
std::uint32_t lookup3(const unsigned char* k, std::size_t length) {
  auto rot = [](std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  std::uint32_t a = 0xdeadbeef + static_cast<std::uint32_t>(length);
  std::uint32_t b = a, c = a;
  auto word = [&k](std::size_t i) {
    return static_cast<std::uint32_t>(k[i]) | static_cast<std::uint32_t>(k[i + 1]) << 8 |
           static_cast<std::uint32_t>(k[i + 2]) << 16 | static_cast<std::uint32_t>(k[i + 3]) << 24;
  };
  while (length > 12) {
    a += word(0); b += word(4); c += word(8);
    a -= c; a ^= rot(c, 4); c += b;
    b -= a; b ^= rot(a, 6); a += c;
    c -= b; c ^= rot(b, 8); b += a;
    a -= c; a ^= rot(c, 16); c += b;
    b -= a; b ^= rot(a, 19); a += c;
    c -= b; c ^= rot(b, 4); b += a;
    length -= 12;
    k += 12;
  }
  if (length == 0) return c;
  unsigned char tail[12] = {};
  std::copy(k, k + length, tail);
  k = tail;
  a += word(0); b += word(4); c += word(8);
  c ^= b; c -= rot(b, 14);
  a ^= c; a -= rot(c, 11);
  b ^= a; b -= rot(a, 25);
  c ^= b; c -= rot(b, 16);
  a ^= c; a -= rot(c, 4);
  b ^= a; b -= rot(a, 14);
  c ^= b; c -= rot(b, 24);
  return c;
}

/// HDF5 1.10's H5Fget_file_image clears the image's superblock status flags without updating
/// the superblock checksum (versions 2 and 3), which makes the image unreadable; recompute it.
void repair_superblock_checksum(char* image, std::size_t size) {
  if (size < 12) return;
  const auto* bytes = reinterpret_cast<const unsigned char*>(image);
  const unsigned version = bytes[8];
  const std::size_t offset_size = bytes[9];
  if (version < 2 || version > 3) return;
  const std::size_t at = 12 + 4 * offset_size;
  if (size < at + 4) return;
  const std::uint32_t sum = lookup3(bytes, at);
  for (std::size_t i = 0; i < 4; ++i) image[at + i] = static_cast<char>((sum >> (8 * i)) & 0xffu);
}

}  // namespace

Handle create_memory_file(const std::string& name, std::size_t expected_bytes) {
  silence_errors();
  const Handle fapl = file_access();
  // Memory grows in steps of the expected size (at least 16 MiB): usually one allocation, no copies.
  check(H5Pset_fapl_core(fapl.get(), std::max(expected_bytes, std::size_t{16} << 20), false),
        "file access properties");
  Handle fcpl = plist(H5Pcreate(H5P_FILE_CREATE), "file properties");
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "file properties");
  return file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), "cannot create " + name);
}

FileImage file_image(hid_t file) {
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "file image");
  const ssize_t size = check(H5Fget_file_image(file, nullptr, 0), "file image");
  FileImage image{std::unique_ptr<char[]>(new char[static_cast<std::size_t>(size)]),
                  static_cast<std::size_t>(size)};
  check(H5Fget_file_image(file, image.data.get(), image.size), "file image");
  repair_superblock_checksum(image.data.get(), image.size);
  return image;
}

}  // namespace msabm::h5
