// Run by ctest under the tsan preset only: shows that the annotations of ThreadPool's TBB loops
// (engine/core/tsan_handover.hpp) order only what TBB orders. `clean`: each chunk writes its
// own elements, the two colours of for_two_colours share one, the caller reads everything after
// each loop; nothing may be reported. `race`: two pieces of one colour write one element, a race
// ThreadSanitizer must report.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "engine/core/parallel.hpp"

namespace {

/// Waits (up to a second) until `flag` is set. Relaxed loads: ThreadSanitizer sees no ordering
/// in them, so waiting changes only when the two writes happen, not whether they race.
void wait_for(const std::atomic<bool>& flag) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (!flag.load(std::memory_order_relaxed) && std::chrono::steady_clock::now() < until) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool race = argc > 1 && std::strcmp(argv[1], "race") == 0;
  msabm::ThreadPool pool(2);
  constexpr std::size_t n = 1 << 14;
  constexpr std::size_t pieces = 16;
  std::vector<long> own(n, 1);
  long shared = 0;
  long total = 0;
  for (int rep = 0; rep < 100; ++rep) {
    pool.for_blocks("own", n, 256, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) own[i] += 1;
    });
    // Clean: pieces 0 (even colour) and 1 (odd colour) write `shared`, one colour after the
    // other. Race: pieces 0 and 14, both even; piece 0 waits until piece 14 has started, so
    // that the two run on different threads (TBB hands the far half of the range to the
    // other thread) and the race is there to see in the first repetition.
    std::atomic<bool> second_started{false};
    const std::size_t second = race ? 14 : 1;
    pool.for_two_colours("colours", n, pieces, [&](std::size_t b, std::size_t e) {
      const std::size_t piece = b * pieces / n;
      if (piece == second) second_started.store(true, std::memory_order_relaxed);
      if (race && piece == 0) wait_for(second_started);
      if (piece == 0 || piece == second) shared += static_cast<long>(e - b);
      for (std::size_t i = b; i < e; ++i) own[i] *= 1;
    });
    for (long x : own) total += x;
  }
  std::printf("%ld %ld\n", shared, total);
  return 0;
}
