#pragma once
// Why this file: the data movement of the field solver in one place: row copies with the store
// kind (ordinary or non-temporal) and its choice, and the transposes between rows and lanes
// that let the Thomas recursion of pass 1 run across 16 x-lines at once. Internal to
// engine/fields.
#include <cstddef>

#include "engine/fields/simd_kernels.hpp"

namespace msabm::fields {

/// Copies n doubles to dst, with non-temporal stores when `stream` (dst is written once and read
/// back only after the whole lattice has been swept: no point reading it into the cache first).
/// Call store_fence() before other threads read dst.
inline void copy_row(double* dst, const double* src, std::size_t n, bool stream) {
  simd::store_row(dst, n, stream, [src](std::size_t i) { return src[i]; });
}

/// copy_row with the undershoot guard of the douglas scheme: values below zero are stored as 0
/// (NaN passes through: the comparison is false for NaN).
inline void copy_row_clamped(double* dst, const double* src, std::size_t n, bool stream) {
  simd::store_row(dst, n, stream, [src](std::size_t i) { return src[i] < 0.0 ? 0.0 : src[i]; });
}

using simd::store_fence;

/// dst (cols x rows) = transpose of src (rows x cols), both row-major.
void transpose(const double* src, std::size_t rows, std::size_t cols, double* dst);

/// Transposes a block of 16 rows of length n (src[r * n + i]) into dst[i * 16 + r]
/// (rows_to_lanes16) and back (lanes_to_rows16), with AVX2 where the CPU has it.
void rows_to_lanes16(const double* src, std::size_t n, double* dst);
void lanes_to_rows16(const double* src, std::size_t n, double* dst);

/// Whether W and the fields are stored with non-temporal stores: yes when all the fields and
/// W are far larger than the last-level cache (the stores would evict data still needed and
/// read each line for ownership first), no when they fit comfortably in a quarter of it (the
/// next pass then finds them in cache). The arithmetic is the same either way.
bool stream_stores(std::size_t field_bytes, std::size_t cache_bytes);

}  // namespace msabm::fields
