#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <vector>

#include "engine/core/parallel.hpp"
#include "engine/core/pieces.hpp"

using namespace msabm;

TEST_CASE("pieces: sorted agents in long pieces are apart, an outlier or short pieces are not",
          "[pieces]") {
  ThreadPool pool(2);
  std::vector<VoxelIndex> voxels(40000);
  std::iota(voxels.begin(), voxels.end(), 0u);       // one agent per voxel, sorted
  CHECK(pieces_apart(voxels, 4, 100, pool));         // pieces of 10000 voxels, reach 100
  CHECK(pieces_apart(voxels, 4, 5000, pool));        // piece 0 reaches 14999, piece 2 from 15000
  CHECK_FALSE(pieces_apart(voxels, 4, 5001, pool));  // now they meet at 15000
  CHECK(pieces_apart(voxels, 2, 1000000, pool));     // one piece of each colour: always apart
  voxels[5] = 25000;  // an agent of piece 0 that wandered into piece 2's range
  CHECK_FALSE(pieces_apart(voxels, 4, 100, pool));
  CHECK_FALSE(pieces_apart(std::vector<VoxelIndex>{1, 2}, 4, 0, pool));  // fewer agents than pieces
}

TEST_CASE("pieces: two colours cover every index once, all even pieces before any odd one",
          "[pieces]") {
  for (int threads : {1, 2, 4}) {
    ThreadPool pool(threads);
    for (std::size_t chunks : {std::size_t{2}, std::size_t{5}, std::size_t{8}}) {
      const std::size_t n = 1001;
      std::vector<int> seen(n, 0);
      std::atomic<int> odd_started{0};
      std::atomic<bool> even_after_odd{false};
      pool.for_two_colours("test", n, chunks, [&](std::size_t b, std::size_t e) {
        std::size_t c = 0;
        while (c * n / chunks != b) ++c;  // pieces are not empty: starts are distinct
        const bool odd = c % 2 == 1;
        if (odd) odd_started = 1;
        if (!odd && odd_started.load()) even_after_odd = true;
        for (std::size_t i = b; i < e; ++i) ++seen[i];
      });
      CHECK_FALSE(even_after_odd.load());
      CHECK(std::all_of(seen.begin(), seen.end(), [](int k) { return k == 1; }));
    }
  }
}
