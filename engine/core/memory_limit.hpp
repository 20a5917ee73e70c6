#pragma once
// The memory a config may ask for up front. `msabm check` builds the simulation it checks, so a
// lattice's voxel arrays, its fields and the agents placed at the start are allocated by check
// as by run: a config far beyond the machine (dims [1600, 1600, 1600] needs 12 GB and two
// minutes before check answers) would page and be killed by the OS instead of being refused.
// Each is estimated before it is allocated and refused, as a user error naming the key, when it
// is over the limit. The estimates count the engine's arrays only (a model's own voxel arrays,
// e.g. the tissue's, come on top).
#include <cstdint>
#include <optional>
#include <string>

namespace msabm {

/// Bytes per voxel of a lattice's engine arrays (tissue labels, occupancy, the sorted index).
inline constexpr double kLatticeBytesPerVoxel = 4;
/// Bytes per voxel of each field substance (its values and the solver's right-hand side).
inline constexpr double kFieldBytesPerVoxel = 16;
/// Bytes per agent (id, voxel, state and a few model columns).
inline constexpr double kAgentBytes = 24;

/// This machine's physical memory, or MSABM_MEMORY_LIMIT_MB (mebibytes) when set.
std::uint64_t memory_limit_bytes();

/// Empty when `bytes` fit in the limit; otherwise why not: "needs about 12.0 GiB, more than this
/// machine's memory (8.0 GiB; MSABM_MEMORY_LIMIT_MB sets another limit)".
std::optional<std::string> over_memory_limit(double bytes);

}  // namespace msabm
