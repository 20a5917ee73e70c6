#pragma once
// A checksum trailer after a checkpoint's HDF5 bytes, verified before HDF5 parses the file.
// HDF5 1.10 can loop forever or crash on some damaged metadata (seen with a damaged global
// heap), so a damaged checkpoint must be recognised without handing it to HDF5. HDF5 ignores
// bytes past its end of allocation, so the sealed file is still an ordinary HDF5 file.
//   trailer (24 bytes): "MSABMCK1", HDF5 byte count (u64 LE), XXH3-64 of those bytes (u64 LE)
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

namespace msabm {

inline constexpr std::size_t kCheckpointTrailerBytes = 24;

/// The trailer for `hdf5_bytes`.
std::string checkpoint_trailer(std::string_view hdf5_bytes);
/// The trailer for HDF5 bytes given in consecutive parts (the same as for their concatenation).
std::string checkpoint_trailer(std::initializer_list<std::string_view> hdf5_parts);

/// True when the file ends with a trailer's magic (it claims to be a sealed checkpoint).
bool has_checkpoint_trailer(const std::filesystem::path& path);

/// Throws InputError ("<context> FILE: ...") unless the file ends with a trailer whose length and
/// checksum match the bytes before it.
void verify_checkpoint_seal(const std::filesystem::path& path, std::string_view context = "cannot restart from");

/// Re-seals a checkpoint whose HDF5 bytes were changed on purpose (tests that fake another
/// version): drops an old trailer, if any, and appends a fresh one.
void reseal_checkpoint(const std::filesystem::path& path);

}  // namespace msabm
