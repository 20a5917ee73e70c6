#pragma once
// HDF5 files built in memory and taken as one block of bytes (checkpoints): the caller writes
// them with plain POSIX calls, so a full disk is met outside HDF5, whose 1.10 release leaves a
// dangling file identifier behind when closing a file fails.
#include <hdf5.h>

#include <cstddef>
#include <memory>
#include <string>

#include "engine/io/hdf5_handles.hpp"

namespace msabm::h5 {

/// Creates a file held in memory (HDF5's core driver); `name` only names it in messages and
/// `expected_bytes` sizes its first allocation. Its bytes are taken with file_image() and
/// written by the caller, so that a full disk is met by plain POSIX writes the caller handles,
/// never inside HDF5.
Handle create_memory_file(const std::string& name, std::size_t expected_bytes);

/// The bytes of a file.
struct FileImage {
  std::unique_ptr<char[]> data;  ///< not zero-filled first: it is copied into at once
  std::size_t size = 0;
};
/// The complete image of an open file (flushed first).
FileImage file_image(hid_t file);

}  // namespace msabm::h5
