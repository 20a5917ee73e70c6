#pragma once
// HDF5 files built in memory and taken as one block of bytes (checkpoints): the caller writes
// them with plain POSIX calls, so a full disk is met outside HDF5, whose 1.10 release leaves a
// dangling file identifier behind when closing a file fails.
#include <hdf5.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/hdf5_handles.hpp"

namespace msabm::h5 {

/// Creates a file held in memory (HDF5's core driver); `name` only names it in messages and
/// `expected_bytes` sizes its first allocation. Its bytes are taken with memory_file_bytes() and
/// written by the caller, so that a full disk is met by plain POSIX writes the caller handles,
/// never inside HDF5. The memory is kept for the next memory file of the same thread: a
/// checkpoint of 10 million agents is some 200 MB, and faulting in fresh pages for each one
/// cost more than writing it.
Handle create_memory_file(const std::string& name, std::size_t expected_bytes);

/// The bytes of an open memory file as a file image (what H5Fget_file_image would give), in
/// two parts to be written one after the other: a patched copy of the first block (the
/// superblock's status flags cleared, as a closed file has them, and its checksum updated)
/// and the rest, read in place from the file's memory (valid until the file is closed or
/// changed).
struct MemoryFileBytes {
  std::string head;
  std::string_view body;
};
MemoryFileBytes memory_file_bytes(hid_t file);

/// The first bytes of a file, which hold its superblock (msabm's files start at offset 0).
inline constexpr std::size_t kSuperblockHeadBytes = 4096;

/// Patches `head` (the first bytes of an HDF5 file, up to kSuperblockHeadBytes) as a closed
/// file has them: the superblock's status flags cleared and its checksum updated. A copy of a
/// file still open for writing is then an ordinary closed file.
void mark_superblock_closed(std::string& head);

/// Copies the complete image of an open file (flushed first) into `buffer`, resized to fit,
/// and returns its size (HDF5's own copy: the reference memory_file_bytes is tested against).
std::size_t file_image(hid_t file, std::vector<char>& buffer);

}  // namespace msabm::h5
