#pragma once
// Publishing the HDF5 file a run writes into as a readable copy under another name, atomically.
// HDF5 1.10 updates a file in place (object headers, B-trees, heaps, the superblock), and a
// process killed between two of those writes leaves a file that HDF5 cannot open, or that it
// loops on. So result.h5 is never written in place: the run writes result.h5.work, and at each
// checkpoint the flushed work file is copied to "result.h5.tmp" (a reflink, free on file
// systems that share blocks; an in-kernel copy elsewhere), the copy's superblock is marked as
// closed, flushed to disk and renamed over result.h5. At every moment result.h5 is a complete
// file: the last published one.
#include <filesystem>

namespace msabm {

/// Copies the flushed HDF5 file `from` (it may still be open for writing) to `to` as described
/// above. On failure (full disk, I/O error) `to` is untouched, the temporary copy removed, and
/// std::system_error says why.
void publish_copy(const std::filesystem::path& from, const std::filesystem::path& to);

/// Moves the closed HDF5 file `from` to `to` atomically (flushed first: no copy needed).
void publish_move(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace msabm
