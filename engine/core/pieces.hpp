#pragma once
// When may a loop over agents update per-voxel data without atomics? When it runs as
// ThreadPool::for_two_colours pieces and no two pieces of the same colour reach a common voxel.
// Agents sorted by voxel (the engine sorts them periodically) and pieces long compared with how
// far an agent reaches make that true; this checks it for the agents as they are now.
#include <cstddef>
#include <span>

#include "engine/core/lattice.hpp"

namespace msabm {

class ThreadPool;

/// Whether `chunks` equal contiguous pieces of `voxels` (one entry per agent), each agent
/// touching only voxels within `reach` (in index) of its own, keep same-colour pieces apart:
/// the voxel range of piece c, widened by `reach`, ends before that of piece c + 2 begins.
[[nodiscard]] bool pieces_apart(std::span<const VoxelIndex> voxels, std::size_t chunks,
                                std::size_t reach, ThreadPool& pool);

}  // namespace msabm
