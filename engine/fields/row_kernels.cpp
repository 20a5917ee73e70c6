// Row copies, transposes and the choice of the store kind for the field solver (see
// row_kernels.hpp). Pure data movement: identical results whichever version runs.
#include "engine/fields/row_kernels.hpp"

#include <algorithm>
#include <fstream>

#include "engine/fields/kernel_clones.hpp"

namespace msabm::fields {

namespace {

/// Transposes a block of R rows of length n (src[r * n + i]) into dst[i * R + r] and back,
/// with R known at compile time so that the inner loops unroll and vectorise.
template <std::size_t R>
inline void rows_to_lanes(const double* __restrict src, std::size_t n, double* __restrict dst) {
  constexpr std::size_t kStep = 4;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) {
    for (std::size_t q = 0; q < kStep; ++q) {
      for (std::size_t r = 0; r < R; ++r) dst[(i + q) * R + r] = src[r * n + i + q];
    }
  }
  for (; i < n; ++i) {
    for (std::size_t r = 0; r < R; ++r) dst[i * R + r] = src[r * n + i];
  }
}

template <std::size_t R>
inline void lanes_to_rows(const double* __restrict src, std::size_t n, double* __restrict dst) {
  constexpr std::size_t kStep = 4;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) {
    for (std::size_t r = 0; r < R; ++r) {
      for (std::size_t q = 0; q < kStep; ++q) dst[r * n + i + q] = src[(i + q) * R + r];
    }
  }
  for (; i < n; ++i) {
    for (std::size_t r = 0; r < R; ++r) dst[r * n + i] = src[i * R + r];
  }
}

/// Bytes of the last-level cache (Linux sysfs; 8 MiB where it cannot be read).
std::size_t last_level_cache_bytes() {
  std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index3/size");
  std::size_t value = 0;
  char unit = 0;
  if (in >> value >> unit) {
    if (unit == 'K') return value << 10;
    if (unit == 'M') return value << 20;
  }
  return std::size_t{8} << 20;
}

}  // namespace

MSABM_FIELDS_KERNEL void transpose(const double* src, std::size_t rows, std::size_t cols,
                                   double* dst) {
  constexpr std::size_t kTile = 16;
  for (std::size_t r0 = 0; r0 < rows; r0 += kTile) {
    const std::size_t r1 = std::min(rows, r0 + kTile);
    for (std::size_t c0 = 0; c0 < cols; c0 += kTile) {
      const std::size_t c1 = std::min(cols, c0 + kTile);
      for (std::size_t r = r0; r < r1; ++r) {
        for (std::size_t c = c0; c < c1; ++c) dst[c * rows + r] = src[r * cols + c];
      }
    }
  }
}

MSABM_FIELDS_KERNEL void rows_to_lanes16(const double* src, std::size_t n, double* dst) {
  if (!simd::rows_to_lanes16(src, n, dst)) rows_to_lanes<16>(src, n, dst);
}

MSABM_FIELDS_KERNEL void lanes_to_rows16(const double* src, std::size_t n, double* dst) {
  if (!simd::lanes_to_rows16(src, n, dst)) lanes_to_rows<16>(src, n, dst);
}

bool stream_stores(std::size_t field_bytes, std::size_t cache_bytes) {
  static const std::size_t detected = last_level_cache_bytes();
  return field_bytes > (cache_bytes > 0 ? cache_bytes : detected) / 4;
}

}  // namespace msabm::fields
