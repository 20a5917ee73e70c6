// ThreadPool's static regions, which run the field solver's stencil loops: every index once, in
// contiguous pieces in thread order, a barrier between loops, a thread index for work spaces,
// and no change to the process-wide OpenMP settings.
#include <catch2/catch.hpp>

#include <omp.h>

#include <atomic>
#include <cstddef>
#include <utility>
#include <vector>

#include "engine/core/parallel.hpp"

using namespace msabm;

TEST_CASE("fields: static regions split loops into contiguous pieces in thread order",
          "[fields][parallel]") {
  ThreadPool pool(3);
  for (std::size_t n :
       {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{100}}) {
    std::vector<std::pair<std::size_t, std::size_t>> pieces(3, {0, 0});
    std::atomic<int> team_size{0};
    pool.static_region("test", 3, [&](StaticTeam& team) {
      if (team.thread() == 0) team_size = team.size();
      pieces[static_cast<std::size_t>(team.thread())] = team.piece(n);
    });
    INFO("n = " << n << ", team of " << team_size.load());
    REQUIRE(team_size >= 1);
    std::size_t next = 0;
    for (int t = 0; t < team_size; ++t) {
      const auto [b, e] = pieces[static_cast<std::size_t>(t)];
      CHECK(b == next);
      CHECK(e >= b);
      CHECK(e - b <= n / static_cast<std::size_t>(team_size.load()) + 1);
      next = e;
    }
    CHECK(next == n);
  }
}

TEST_CASE("fields: a static region's loops see the previous loop's writes", "[fields][parallel]") {
  ThreadPool pool(3);
  const std::size_t n = 1000;
  std::vector<double> a(n, 0.0);
  std::vector<double> b(n, 0.0);
  pool.static_region("test", 8, [&](StaticTeam& team) {
    team.loop(n, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) a[i] = static_cast<double>(i);
    });
    // Reads another thread's piece: only correct after the barrier.
    team.loop(n, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) b[i] = a[(i + n / 2) % n];
    });
  });
  for (std::size_t i = 0; i < n; ++i) CHECK(b[i] == static_cast<double>((i + n / 2) % n));
}

TEST_CASE("fields: for_static gives each piece its thread and respects max_threads",
          "[fields][parallel]") {
  ThreadPool pool(2);
  const std::size_t n = 64;
  std::vector<int> owner(n, -1);
  pool.for_static("test", n, [&](std::size_t begin, std::size_t end, int thread) {
    for (std::size_t i = begin; i < end; ++i) owner[i] = thread;
  });
  for (std::size_t i = 1; i < n; ++i) CHECK(owner[i] >= owner[i - 1]);  // pieces in order
  CHECK(owner.front() == 0);
  // One thread at most: the caller runs everything as thread 0.
  std::vector<int> solo(n, -1);
  pool.for_static(
      "test", n,
      [&](std::size_t begin, std::size_t end, int thread) {
        for (std::size_t i = begin; i < end; ++i) solo[i] = thread;
      },
      1);
  for (int t : solo) CHECK(t == 0);
}

TEST_CASE("fields: a ThreadPool leaves OpenMP's process-wide thread count alone",
          "[fields][parallel]") {
  const int before = omp_get_max_threads();
  {
    ThreadPool pool(before + 3);
    CHECK(omp_get_max_threads() == before);
    int team = 0;
    pool.static_region("test", before + 3, [&](StaticTeam& t) {
      if (t.thread() == 0) team = t.size();
    });
    // The region asks for its own team size (which OpenMP may only cut by its own limits).
    if (omp_get_dynamic() == 0 && omp_get_thread_limit() >= before + 3) CHECK(team == before + 3);
  }
  CHECK(omp_get_max_threads() == before);
}
