#include "engine/io/checkpoint_seal.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <new>
#include <iterator>
#include <string>

#include "engine/config/error.hpp"

namespace msabm {

namespace {

constexpr std::string_view kMagic = "MSABMCK1";

std::string read_all(const std::filesystem::path& path, std::string_view context = "cannot restart from") {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw InputError(fmt::format("{} {}: cannot open the file", context, path.string()));
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    throw InputError(fmt::format("{} {}: cannot read the file", context, path.string()));
  }
  return bytes;
}

std::uint64_t load_u64(const char* p) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);  // little endian on every platform msabm builds on
  return v;
}

/// True when `bytes` ends with a trailer's magic and length field for the bytes before it.
bool has_trailer(std::string_view bytes) {
  if (bytes.size() < kCheckpointTrailerBytes) return false;
  const std::size_t body = bytes.size() - kCheckpointTrailerBytes;
  const char* t = bytes.data() + body;
  return std::string_view(t, kMagic.size()) == kMagic && load_u64(t + 8) == body;
}

/// True when `bytes` ends with a trailer that matches the bytes before it.
bool sealed(std::string_view bytes) {
  const std::size_t body = bytes.size() - kCheckpointTrailerBytes;
  return has_trailer(bytes) && load_u64(bytes.data() + body + 16) == XXH3_64bits(bytes.data(), body);
}

}  // namespace

std::string checkpoint_trailer(std::string_view hdf5_bytes) { return checkpoint_trailer({hdf5_bytes}); }

std::string checkpoint_trailer(std::initializer_list<std::string_view> hdf5_parts) {
  XXH3_state_t* state = XXH3_createState();
  if (state == nullptr) throw std::bad_alloc();
  XXH3_64bits_reset(state);
  std::uint64_t size = 0;
  for (const std::string_view part : hdf5_parts) {
    XXH3_64bits_update(state, part.data(), part.size());
    size += part.size();
  }
  const std::uint64_t hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  std::string t(kMagic);
  t.append(reinterpret_cast<const char*>(&size), sizeof size);
  t.append(reinterpret_cast<const char*>(&hash), sizeof hash);
  return t;
}

bool has_checkpoint_trailer(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  const auto size = static_cast<std::streamoff>(in.tellg());
  if (size < static_cast<std::streamoff>(kCheckpointTrailerBytes)) return false;
  in.seekg(size - static_cast<std::streamoff>(kCheckpointTrailerBytes));
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in && std::string_view(magic, sizeof magic) == kMagic;
}

void verify_checkpoint_seal(const std::filesystem::path& path, std::string_view context) {
  const std::string bytes = read_all(path, context);
  if (sealed(bytes)) return;
  const bool claims = bytes.size() >= kCheckpointTrailerBytes &&
                      std::string_view(bytes.data() + bytes.size() - kCheckpointTrailerBytes,
                                       kMagic.size()) == kMagic;
  throw InputError(fmt::format(
      "{} {}: {}", context, path.string(),
      claims ? "the file is damaged (its checksum does not match its contents)"
             : "it is not a complete msabm checkpoint (truncated, or not a checkpoint at all)"));
}

void reseal_checkpoint(const std::filesystem::path& path) {
  std::string bytes = read_all(path);
  if (has_trailer(bytes)) bytes.resize(bytes.size() - kCheckpointTrailerBytes);
  bytes += checkpoint_trailer(bytes);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace msabm
