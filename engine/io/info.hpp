#pragma once
// `msabm info FILE.h5|FOLDER`: what a result file, a checkpoint or a sweep summary holds, for a
// person: config and seed, program version, time span, snapshots, agent kinds and counts,
// fields, the state; a sweep's plan and columns.
#include <filesystem>
#include <string>

namespace msabm {

/// The description as text. Throws InputError when the file is missing, not HDF5, damaged or
/// not an msabm file.
std::string describe_file(const std::filesystem::path& path);

/// A file as above, or a folder: a run's (its result.h5 and checkpoint.h5) or a sweep's (its
/// sweep_summary.h5).
std::string describe_path(const std::filesystem::path& path);

}  // namespace msabm
