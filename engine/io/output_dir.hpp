#pragma once
// The output folder of a run and the files in it. A run refuses to touch a folder that already
// holds results unless told to overwrite; files are written to a temporary name and renamed,
// so a crash never leaves a half-written file under a result's name.
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

namespace msabm {

/// Names of the files a run writes (README.md, Outputs).
inline constexpr std::string_view kSummaryFile = "summary.json";
inline constexpr std::string_view kResultFile = "result.h5";
/// The file a run writes its results into between checkpoints (result_writer.hpp).
inline constexpr std::string_view kResultWorkFile = "result.h5.work";
inline constexpr std::string_view kResultXdmfFile = "result.xmf";
inline constexpr std::string_view kCheckpointFile = "checkpoint.h5";
inline constexpr std::string_view kResolvedConfigFile = "config.yaml";

/// Throws InputError when `dir` holds any result file and overwrite is false; creates `dir`.
void prepare_output_dir(const std::filesystem::path& dir, bool overwrite);

/// Writes the parts, in order, to a new file `path` and flushes it to disk; on failure removes the
/// partial file and throws std::system_error with the system's reason (e.g. a full disk).
void write_file_durably(const std::filesystem::path& path,
                        std::initializer_list<std::string_view> parts);

/// Flushes a file, or a folder's entries (a rename in it), to disk; throws std::system_error.
void sync_to_disk(const std::filesystem::path& path);

/// Writes `text` to dir/name atomically (temporary file, flush, rename).
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace msabm
