#pragma once
// Names and versions that identify msabm's HDF5 files. Every file carries, as root attributes,
// `format` (what it is) and `format_version` (its layout); a reader refuses any other.
// Checkpoints also record the program version that wrote them: a checkpoint is only restarted
// by the same msabm version, because bit-identical continuation needs identical code.
#include <cstdint>

namespace msabm {

inline constexpr const char* kResultFormat = "msabm-result";
inline constexpr std::int64_t kResultFormatVersion = 2;
inline constexpr const char* kCheckpointFormat = "msabm-checkpoint";
inline constexpr std::int64_t kCheckpointFormatVersion = 2;

}  // namespace msabm
