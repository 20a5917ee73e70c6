#include "engine/io/hdf5_file_image.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

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

/// The memory of this thread's memory file, kept from one file to the next. HDF5's core
/// driver asks for it through the file image callbacks below (realloc from null when the file
/// grows first, free when it closes).
struct Arena {
  char* data = nullptr;
  std::size_t capacity = 0;
  bool in_use = false;
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() { std::free(data); }
};
thread_local Arena arena;

void* arena_malloc(std::size_t size, H5FD_file_image_op_t, void*) { return std::malloc(size); }

void* arena_memcpy(void* dest, const void* src, std::size_t size, H5FD_file_image_op_t, void*) {
  return std::memcpy(dest, src, size);
}

void* arena_realloc(void* ptr, std::size_t size, H5FD_file_image_op_t, void*) {
  const bool ours = ptr != nullptr && ptr == arena.data;
  if (!ours && (ptr != nullptr || arena.in_use)) return std::realloc(ptr, size);  // a second file
  if (size > arena.capacity) {
    // Page-aligned, so that the bulk of the image can be written with O_DIRECT
    // (write_file_durably). Content matters only when the file is ours already (growing).
    constexpr std::size_t kPage = 4096;
    const std::size_t capacity = (size + kPage - 1) / kPage * kPage;
    char* grown = static_cast<char*>(std::aligned_alloc(kPage, capacity));
    if (grown == nullptr) return nullptr;
    if (ours) std::memcpy(grown, arena.data, arena.capacity);
    std::free(arena.data);
    arena.data = grown;
    arena.capacity = capacity;
  }
  arena.in_use = true;
  return arena.data;
}

herr_t arena_free(void* ptr, H5FD_file_image_op_t, void*) {
  if (ptr != nullptr && ptr == arena.data) {
    arena.in_use = false;  // kept for the next file
  } else {
    std::free(ptr);
  }
  return 0;
}

/// Offset and size of the superblock's status flags ("file consistency flags"), by superblock
/// version: after the signature (8) and version (1), 2 bytes further on in versions 2 and 3
/// (1 byte), 11 bytes further on in versions 0 and 1 (4 bytes).
std::pair<std::size_t, std::size_t> status_flags(unsigned version) {
  return version >= 2 ? std::pair<std::size_t, std::size_t>{11, 1}
                      : std::pair<std::size_t, std::size_t>{20, 4};
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
  H5FD_file_image_callbacks_t callbacks{};
  callbacks.image_malloc = arena_malloc;
  callbacks.image_memcpy = arena_memcpy;
  callbacks.image_realloc = arena_realloc;
  callbacks.image_free = arena_free;
  check(H5Pset_file_image_callbacks(fapl.get(), &callbacks), "file access properties");
  Handle fcpl = plist(H5Pcreate(H5P_FILE_CREATE), "file properties");
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "file properties");
  return file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), "cannot create " + name);
}

MemoryFileBytes memory_file_bytes(hid_t file) {
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "file image");
  const auto size = static_cast<std::size_t>(check(H5Fget_file_image(file, nullptr, 0), "file image"));
  // The core driver's handle is the address of its memory pointer.
  void* handle = nullptr;
  check(H5Fget_vfd_handle(file, H5P_DEFAULT, &handle), "file image");
  const char* memory = handle != nullptr ? *static_cast<const char* const*>(handle) : nullptr;
  if (memory == nullptr) throw Error("file image: no memory behind the file");
  const std::size_t head = std::min(size, kSuperblockHeadBytes);
  MemoryFileBytes bytes{std::string(memory, head), std::string_view(memory + head, size - head)};
  mark_superblock_closed(bytes.head);
  return bytes;
}

void mark_superblock_closed(std::string& head) {
  if (head.size() > 9) {
    const auto [at, length] = status_flags(static_cast<unsigned char>(head[8]));
    if (at + length <= head.size()) head.replace(at, length, length, '\0');
  }
  repair_superblock_checksum(head.data(), head.size());
}

std::size_t file_image(hid_t file, std::vector<char>& buffer) {
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "file image");
  const auto size = static_cast<std::size_t>(check(H5Fget_file_image(file, nullptr, 0), "file image"));
  if (buffer.size() < size) buffer.resize(size);
  check(H5Fget_file_image(file, buffer.data(), size), "file image");
  repair_superblock_checksum(buffer.data(), size);
  return size;
}

}  // namespace msabm::h5
