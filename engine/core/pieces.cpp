#include "engine/core/pieces.hpp"

#include <algorithm>
#include <vector>

#include "engine/core/parallel.hpp"

namespace msabm {

bool pieces_apart(std::span<const VoxelIndex> voxels, std::size_t chunks, std::size_t reach,
                  ThreadPool& pool) {
  const std::size_t n = voxels.size();
  if (chunks < 3) return true;  // at most one piece of each colour
  if (n < chunks) return false;
  std::vector<std::size_t> lo(chunks), hi(chunks);
  pool.for_blocks("pieces.spans", chunks, 1, [&](std::size_t c, std::size_t) {
    const auto [mn, mx] =
        std::minmax_element(voxels.begin() + static_cast<std::ptrdiff_t>(c * n / chunks),
                            voxels.begin() + static_cast<std::ptrdiff_t>((c + 1) * n / chunks));
    lo[c] = *mn >= reach ? *mn - reach : 0;
    hi[c] = std::size_t{*mx} + reach;
  });
  for (std::size_t c = 0; c + 2 < chunks; ++c) {
    if (hi[c] >= lo[c + 2]) return false;
  }
  return true;
}

}  // namespace msabm
