#pragma once
// The one parallel wrapper of msabm. Models never call TBB or OpenMP directly; they pass a
// labelled loop body here. Loops are split into fixed blocks whose boundaries do not depend on
// the thread count, so block-wise reductions combined in block order are bit-reproducible.
// Regular stencil loops (engine/fields) run in OpenMP regions with static pieces instead
// (static_region, for_static): per-thread work spaces, no per-block scheduling.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include "engine/core/tsan_handover.hpp"

namespace msabm {

namespace detail {

/// The body of ThreadPool's TBB loops: calls chunk(i) for every index i of its range. TBB copies
/// it into each task it splits off; the constructors and the call tell ThreadSanitizer about
/// those hand-overs, which Debian's uninstrumented libtbb hides (engine/core/tsan_handover.hpp).
template <class Chunk>
class TaskBody {
 public:
  TaskBody(const Chunk& chunk, const void* join) : chunk_(&chunk), join_(join) {
    tsan::release(this);
  }
  TaskBody(const TaskBody& from) {
    tsan::acquire(this);   // TBB reuses task memory: its last user is done with these bytes
    tsan::acquire(&from);  // whoever made `from` has finished writing it
    chunk_ = from.chunk_;
    join_ = from.join_;
    tsan::release(this);
  }
  TaskBody& operator=(const TaskBody&) = delete;

  void operator()(const tbb::blocked_range<std::size_t>& range) const {
    tsan::acquire(this);
    for (std::size_t i = range.begin(); i != range.end(); ++i) (*chunk_)(i);
    tsan::release(join_);
    tsan::release(this);  // for whoever TBB gives this task's memory to next
  }

 private:
  const Chunk* chunk_;
  const void* join_;  // where every finished chunk releases, for the waiting caller
};

}  // namespace detail

/// The threads of one static region (ThreadPool::static_region), as seen by one of them.
class StaticTeam {
 public:
  /// This thread's index, 0 .. size() - 1 (for per-thread work spaces).
  [[nodiscard]] int thread() const { return thread_; }
  [[nodiscard]] int size() const { return size_; }

  /// This thread's piece [begin, end) of [0, n): contiguous pieces in thread order, the first
  /// n % size() one longer than the others (OpenMP's schedule(static) partition).
  [[nodiscard]] std::pair<std::size_t, std::size_t> piece(std::size_t n) const {
    const auto t = static_cast<std::size_t>(thread_);
    const auto s = static_cast<std::size_t>(size_);
    const std::size_t q = n / s;
    const std::size_t r = n % s;
    const std::size_t begin = t * q + std::min(t, r);
    return {begin, begin + q + (t < r ? 1 : 0)};
  }

  /// Calls body(begin, end) on this thread's piece of [0, n) (when not empty), then waits until
  /// every thread of the team has done its piece (as `#pragma omp for schedule(static)`).
  template <class Body>
  void loop(std::size_t n, Body&& body) {
    const auto [begin, end] = piece(n);
    if (begin < end) body(begin, end);
    barrier();
  }

  /// Waits for every thread of the team (an OpenMP barrier; nothing on a team of one).
  void barrier() const;

 private:
  friend class ThreadPool;
  StaticTeam(int thread, int size) : thread_(thread), size_(size) {}
  int thread_;
  int size_;
};

/// Thread budget for one simulation (`--threads`). Owns a TBB arena; the OpenMP regions of
/// static_region get the same budget through their num_threads clause (the process-wide OpenMP
/// settings are left alone).
class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  [[nodiscard]] int threads() const { return threads_; }

  /// Regular stencil loops: runs body(team) once on every thread of one OpenMP parallel region
  /// of min(threads(), max_threads) threads (at least 1; a team of one runs on the caller,
  /// without a region). The body splits its loops with team.loop(n, ...) (static pieces, a
  /// barrier after each) and indexes per-thread work spaces by team.thread(). The pieces depend
  /// on the team size, so the body's results must not (every item's arithmetic independent of
  /// the partition). The body must not throw.
  template <class Body>
  void static_region(std::string_view label, int max_threads, Body&& body) {
    (void)label;  // reserved for profiling annotations
    const int team = std::clamp(max_threads, 1, threads_);
    if (team == 1) {
      StaticTeam solo(0, 1);
      body(solo);
      return;
    }
    auto call = [](void* context, StaticTeam& t) {
      (*static_cast<std::remove_reference_t<Body>*>(context))(t);
    };
    run_static_region(team, call, const_cast<void*>(static_cast<const void*>(&body)));
  }

  /// Calls body(begin, end, thread) on static pieces of [0, n), one per thread of a
  /// static_region of min(threads(), max_threads) threads (thread: index for work spaces).
  template <class Body>
  void for_static(std::string_view label, std::size_t n, Body&& body, int max_threads = 1 << 30) {
    static_region(label, max_threads, [&](StaticTeam& team) {
      const auto [begin, end] = team.piece(n);
      if (begin < end) body(begin, end, team.thread());
    });
  }

  /// Calls body(begin, end) over [0, n) in blocks of `grain` (last block shorter), in parallel.
  template <class Body>
  void for_blocks(std::string_view label, std::size_t n, std::size_t grain, Body&& body) {
    (void)label;  // reserved for profiling annotations
    if (n == 0) return;
    if (threads_ == 1 || n <= grain) {
      for (std::size_t b = 0; b < n; b += grain) body(b, b + grain < n ? b + grain : n);
      return;
    }
    const std::size_t blocks = (n + grain - 1) / grain;
    run_tasks(blocks, [&](std::size_t blk) {
      const std::size_t b = blk * grain;
      body(b, b + grain < n ? b + grain : n);
    });
  }

  /// Calls f(i) for i in [0, n) in parallel.
  template <class F>
  void for_each(std::string_view label, std::size_t n, F&& f, std::size_t grain = 4096) {
    for_blocks(label, n, grain, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) f(i);
    });
  }

  /// Calls body(begin, end) on `chunks` equal contiguous pieces of [0, n): every even piece in
  /// parallel, then every odd one. For loops that update shared per-voxel data with plain
  /// (non-atomic) writes: the caller makes sure that two pieces of the same colour never touch
  /// the same element (see pieces_apart in engine/core/pieces.hpp).
  template <class Body>
  void for_two_colours(std::string_view label, std::size_t n, std::size_t chunks, Body&& body) {
    (void)label;
    auto piece = [&](std::size_t c) { body(c * n / chunks, (c + 1) * n / chunks); };
    for (std::size_t colour = 0; colour < 2; ++colour) {
      const std::size_t count = (chunks + 1 - colour) / 2;
      if (threads_ == 1 || count == 1) {
        for (std::size_t q = 0; q < count; ++q) piece(2 * q + colour);
        continue;
      }
      run_tasks(count, [&](std::size_t q) { piece(2 * q + colour); });
    }
  }

  /// Sorts [first, last) with `less`, in parallel. `less` must be a strict total order (no two
  /// elements equivalent), so that the result does not depend on how the work was split.
  template <class It, class Less>
  void sort(It first, It last, Less less) {
    // Short ranges sort faster than the threads wake (and the woken threads then spin on cores
    // the caller needs).
    constexpr std::ptrdiff_t kParallelFrom = 1 << 16;
    if (threads_ == 1 || last - first < kParallelFrom) {
      std::sort(first, last, less);
      return;
    }
    arena_->execute([&] { tbb::parallel_sort(first, last, less); });
  }

 private:
  /// Calls chunk(i) for i in [0, count) as TBB tasks in this pool's arena (chunks of one index
  /// each, grouped by TBB's auto_partitioner), and returns when all are done.
  template <class Chunk>
  void run_tasks(std::size_t count, const Chunk& chunk) {
    const char join = 0;  // only its address is used: ThreadSanitizer's join point of this loop
    const detail::TaskBody<Chunk> body(chunk, &join);
    arena_->execute(
        [&] { tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1), body); });
    tsan::acquire(&join);
  }

  /// The OpenMP region behind static_region (parallel.cpp): call(context, team) on each thread.
  static void run_static_region(int team, void (*call)(void*, StaticTeam&), void* context);

  int threads_;
  std::unique_ptr<tbb::task_arena> arena_;
};

}  // namespace msabm
