#pragma once
// `msabm info FILE.h5`: what a result file or a checkpoint holds, for a person: config and
// seed, program version, time span, snapshots, agent kinds and counts, fields.
#include <filesystem>
#include <string>

namespace msabm {

/// The description as text. Throws InputError when the file is missing, not HDF5, damaged or
/// not an msabm file.
std::string describe_file(const std::filesystem::path& path);

}  // namespace msabm
