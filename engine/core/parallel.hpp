#pragma once
// The one parallel wrapper of msabm. Models never call TBB or OpenMP directly; they pass a
// labelled loop body here. Loops are split into fixed blocks whose boundaries do not depend on
// the thread count, so block-wise reductions combined in block order are bit-reproducible.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

namespace msabm {

/// Thread budget for one simulation (`--threads`). Owns a TBB arena and sets OpenMP's count.
class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  [[nodiscard]] int threads() const { return threads_; }

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
    arena_->execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t blk = r.begin(); blk != r.end(); ++blk) {
                            const std::size_t b = blk * grain;
                            body(b, b + grain < n ? b + grain : n);
                          }
                        });
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
      arena_->execute([&] {
        tbb::parallel_for(std::size_t{0}, count, [&](std::size_t q) { piece(2 * q + colour); });
      });
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
  int threads_;
  std::unique_ptr<tbb::task_arena> arena_;
};

}  // namespace msabm
