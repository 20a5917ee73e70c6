#pragma once
// Fused inner loops of the field solver, storing with non-temporal (streaming) stores when the
// data is far larger than the caches, written with x86 intrinsics: an AVX2 version picked at run
// time where the CPU has it, and an SSE2 baseline (plain C++ elsewhere). Every version performs
// the same IEEE operations in the same order per element (no FMA), so results are identical bit
// for bit whichever runs.
// Internal to engine/fields (included by row_kernels.hpp and the pass kernels).
#include <cstddef>
#include <cstdint>
#include <cstring>

// -DMSABM_FIELDS_NO_SIMD builds the portable code only, -DMSABM_FIELDS_NO_AVX2 the SSE2 code
// (to test them: results are identical).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(MSABM_FIELDS_NO_SIMD)
#define MSABM_FIELDS_X86 1
#include <immintrin.h>
#else
#define MSABM_FIELDS_X86 0
#endif

namespace msabm::fields::simd {

/// Parameters of the fused douglas "y back substitution + z right-hand side" row kernel:
///   x[i]  = x[i] - cp * xn[i]                                    (when xn is not null)
///   dst[i] = (centre * c[i] - side * (zm[i] + zp[i])) + x[i]     (non-temporal store)
/// i.e. c + x - theta dt L_z c with the z operator's coefficients folded into `centre` and
/// `side` (five operations per value).
struct EmitRow {
  double* x = nullptr;
  const double* xn = nullptr;
  double cp = 0.0;
  const double* c = nullptr;
  const double* zm = nullptr;
  const double* zp = nullptr;
  double centre = 1.0;
  double side = 0.0;
  double* dst = nullptr;
  bool stream = true;  ///< non-temporal stores (data far larger than the caches)
};

inline double emit_one(const EmitRow& e, std::size_t i) {
  double x = e.x[i];
  if (e.xn != nullptr) {
    x = x - e.cp * e.xn[i];
    e.x[i] = x;
  }
  return (e.centre * e.c[i] - e.side * (e.zm[i] + e.zp[i])) + x;
}

/// Back substitution step of one z plane in pass 2, storing the result:
///   x[l] = x[l] - cp * xn[l]   (when xn is not null),  dst[l] = clamp ? max0(x[l]) : x[l]
/// where max0 keeps NaN. x keeps the unclamped value (it feeds the recursion).
struct BackRow {
  double* x = nullptr;
  const double* xn = nullptr;
  double cp = 0.0;
  bool clamp = false;
  double* dst = nullptr;
  bool stream = true;  ///< non-temporal stores (data far larger than the caches)
};

inline double back_one(const BackRow& b, std::size_t l) {
  double x = b.x[l];
  if (b.xn != nullptr) {
    x = x - b.cp * b.xn[l];
    b.x[l] = x;
  }
  return (b.clamp && x < 0.0) ? 0.0 : x;
}

#if MSABM_FIELDS_X86

inline bool have_avx2() {
#if defined(MSABM_FIELDS_NO_AVX2)  // test the SSE2 versions
  return false;
#else
  static const bool yes = __builtin_cpu_supports("avx2") != 0;
  return yes;
#endif
}

// The vector loops copy every field of the parameter struct into a local first: intrinsic
// stores may alias anything, and would otherwise make the compiler reload each pointer and flag
// from the struct in every iteration. The flags select one of the loop variants outside it.

/// Stores 4 values, non-temporal (past the caches: the data is not read again soon) or not.
template <bool kStream>
__attribute__((target("avx2"))) inline void put4(double* p, __m256d v) {
  if constexpr (kStream) {
    _mm256_stream_pd(p, v);
  } else {
    _mm256_storeu_pd(p, v);
  }
}

template <bool kBack, bool kStream>
__attribute__((target("avx2"))) inline void emit_row_avx2_loop(const EmitRow& e, std::size_t i,
                                                               std::size_t n) {
  double* const x_row = e.x;
  const double* const xn_row = e.xn;
  const double* const c_row = e.c;
  const double* const zm_row = e.zm;
  const double* const zp_row = e.zp;
  double* const dst = e.dst;
  const __m256d cp = _mm256_set1_pd(e.cp);
  const __m256d centre = _mm256_set1_pd(e.centre);
  const __m256d side = _mm256_set1_pd(e.side);
  for (; i + 4 <= n; i += 4) {
    __m256d x = _mm256_loadu_pd(x_row + i);
    if constexpr (kBack) {
      x = _mm256_sub_pd(x, _mm256_mul_pd(cp, _mm256_loadu_pd(xn_row + i)));
      _mm256_storeu_pd(x_row + i, x);
    }
    const __m256d zz = _mm256_add_pd(_mm256_loadu_pd(zm_row + i), _mm256_loadu_pd(zp_row + i));
    const __m256d rhs = _mm256_sub_pd(_mm256_mul_pd(centre, _mm256_loadu_pd(c_row + i)),
                                      _mm256_mul_pd(side, zz));
    put4<kStream>(dst + i, _mm256_add_pd(rhs, x));
  }
}

__attribute__((target("avx2"))) inline void emit_row_avx2(const EmitRow& e, std::size_t n) {
  std::size_t i = 0;
  for (; i < n && (reinterpret_cast<std::uintptr_t>(e.dst + i) & 31u) != 0; ++i) {
    e.dst[i] = emit_one(e, i);
  }
  const std::size_t vector_end = i + (n - i) / 4 * 4;
  if (e.xn != nullptr) {
    if (e.stream) {
      emit_row_avx2_loop<true, true>(e, i, n);
    } else {
      emit_row_avx2_loop<true, false>(e, i, n);
    }
  } else if (e.stream) {
    emit_row_avx2_loop<false, true>(e, i, n);
  } else {
    emit_row_avx2_loop<false, false>(e, i, n);
  }
  for (i = vector_end; i < n; ++i) e.dst[i] = emit_one(e, i);
}

template <bool kBack, bool kClamp, bool kStream>
__attribute__((target("avx2"))) inline void back_row_avx2_loop(const BackRow& b, std::size_t l,
                                                               std::size_t n) {
  double* const x_row = b.x;
  const double* const xn_row = b.xn;
  double* const dst = b.dst;
  const __m256d cp = _mm256_set1_pd(b.cp);
  const __m256d zero = _mm256_setzero_pd();
  for (; l + 4 <= n; l += 4) {
    __m256d x = _mm256_loadu_pd(x_row + l);
    if constexpr (kBack) {
      x = _mm256_sub_pd(x, _mm256_mul_pd(cp, _mm256_loadu_pd(xn_row + l)));
      _mm256_storeu_pd(x_row + l, x);
    }
    // x < 0 ? 0 : x (false for NaN, which passes through)
    if constexpr (kClamp) x = _mm256_andnot_pd(_mm256_cmp_pd(x, zero, _CMP_LT_OQ), x);
    put4<kStream>(dst + l, x);
  }
}

__attribute__((target("avx2"))) inline void back_row_avx2(const BackRow& b, std::size_t n) {
  std::size_t l = 0;
  for (; l < n && (reinterpret_cast<std::uintptr_t>(b.dst + l) & 31u) != 0; ++l) {
    b.dst[l] = back_one(b, l);
  }
  const std::size_t vector_end = l + (n - l) / 4 * 4;
  // The 8 variants: back step or not, clamp or not, streaming stores or not.
  const int variant = (b.xn != nullptr ? 4 : 0) + (b.clamp ? 2 : 0) + (b.stream ? 1 : 0);
  switch (variant) {
    case 0: back_row_avx2_loop<false, false, false>(b, l, n); break;
    case 1: back_row_avx2_loop<false, false, true>(b, l, n); break;
    case 2: back_row_avx2_loop<false, true, false>(b, l, n); break;
    case 3: back_row_avx2_loop<false, true, true>(b, l, n); break;
    case 4: back_row_avx2_loop<true, false, false>(b, l, n); break;
    case 5: back_row_avx2_loop<true, false, true>(b, l, n); break;
    case 6: back_row_avx2_loop<true, true, false>(b, l, n); break;
    default: back_row_avx2_loop<true, true, true>(b, l, n); break;
  }
  for (l = vector_end; l < n; ++l) b.dst[l] = back_one(b, l);
}

/// src holds 16 rows of length n (src[r * n + i]); dst[i * 16 + r] receives them.
__attribute__((target("avx2"))) inline void rows_to_lanes16_avx2(const double* src, std::size_t n,
                                                                 double* dst) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t r = 0; r < 16; r += 4) {
      const __m256d r0 = _mm256_loadu_pd(src + (r + 0) * n + i);
      const __m256d r1 = _mm256_loadu_pd(src + (r + 1) * n + i);
      const __m256d r2 = _mm256_loadu_pd(src + (r + 2) * n + i);
      const __m256d r3 = _mm256_loadu_pd(src + (r + 3) * n + i);
      const __m256d t0 = _mm256_unpacklo_pd(r0, r1);  // r0[0] r1[0] r0[2] r1[2]
      const __m256d t1 = _mm256_unpackhi_pd(r0, r1);  // r0[1] r1[1] r0[3] r1[3]
      const __m256d t2 = _mm256_unpacklo_pd(r2, r3);
      const __m256d t3 = _mm256_unpackhi_pd(r2, r3);
      _mm256_storeu_pd(dst + (i + 0) * 16 + r, _mm256_permute2f128_pd(t0, t2, 0x20));
      _mm256_storeu_pd(dst + (i + 1) * 16 + r, _mm256_permute2f128_pd(t1, t3, 0x20));
      _mm256_storeu_pd(dst + (i + 2) * 16 + r, _mm256_permute2f128_pd(t0, t2, 0x31));
      _mm256_storeu_pd(dst + (i + 3) * 16 + r, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
  }
  for (; i < n; ++i) {
    for (std::size_t r = 0; r < 16; ++r) dst[i * 16 + r] = src[r * n + i];
  }
}

/// The inverse of rows_to_lanes16.
__attribute__((target("avx2"))) inline void lanes_to_rows16_avx2(const double* src, std::size_t n,
                                                                 double* dst) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t r = 0; r < 16; r += 4) {
      const __m256d r0 = _mm256_loadu_pd(src + (i + 0) * 16 + r);
      const __m256d r1 = _mm256_loadu_pd(src + (i + 1) * 16 + r);
      const __m256d r2 = _mm256_loadu_pd(src + (i + 2) * 16 + r);
      const __m256d r3 = _mm256_loadu_pd(src + (i + 3) * 16 + r);
      const __m256d t0 = _mm256_unpacklo_pd(r0, r1);
      const __m256d t1 = _mm256_unpackhi_pd(r0, r1);
      const __m256d t2 = _mm256_unpacklo_pd(r2, r3);
      const __m256d t3 = _mm256_unpackhi_pd(r2, r3);
      _mm256_storeu_pd(dst + (r + 0) * n + i, _mm256_permute2f128_pd(t0, t2, 0x20));
      _mm256_storeu_pd(dst + (r + 1) * n + i, _mm256_permute2f128_pd(t1, t3, 0x20));
      _mm256_storeu_pd(dst + (r + 2) * n + i, _mm256_permute2f128_pd(t0, t2, 0x31));
      _mm256_storeu_pd(dst + (r + 3) * n + i, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
  }
  for (; i < n; ++i) {
    for (std::size_t r = 0; r < 16; ++r) dst[r * n + i] = src[i * 16 + r];
  }
}

#endif  // MSABM_FIELDS_X86

/// Stores one(i) for i in [0, n) at dst, two at a time with SSE2 where there is SSE2 (every
/// x86-64), non-temporal when `stream`. one(i) is called in order of i (it may have effects).
template <class One>
inline void store_row(double* dst, std::size_t n, bool stream, One&& one) {
#if MSABM_FIELDS_X86
  std::size_t i = 0;
  if ((reinterpret_cast<std::uintptr_t>(dst) & 15u) != 0 && n > 0) {
    dst[0] = one(std::size_t{0});
    i = 1;
  }
  for (; i + 2 <= n; i += 2) {
    const double v0 = one(i);
    const double v1 = one(i + 1);
    if (stream) {
      _mm_stream_pd(dst + i, _mm_set_pd(v1, v0));
    } else {
      _mm_storeu_pd(dst + i, _mm_set_pd(v1, v0));
    }
  }
  for (; i < n; ++i) dst[i] = one(i);
#else
  (void)stream;
  for (std::size_t i = 0; i < n; ++i) dst[i] = one(i);
#endif
}

inline void emit_row(const EmitRow& e, std::size_t n) {
#if MSABM_FIELDS_X86
  if (have_avx2()) {
    emit_row_avx2(e, n);
    return;
  }
#endif
  store_row(e.dst, n, e.stream, [&e](std::size_t i) { return emit_one(e, i); });
}

inline void back_row(const BackRow& b, std::size_t n) {
#if MSABM_FIELDS_X86
  if (have_avx2()) {
    back_row_avx2(b, n);
    return;
  }
#endif
  store_row(b.dst, n, b.stream, [&b](std::size_t l) { return back_one(b, l); });
}

/// rows_to_lanes / lanes_to_rows for blocks of 16 rows; false when the caller must use its
/// portable version.
inline bool rows_to_lanes16(const double* src, std::size_t n, double* dst) {
#if MSABM_FIELDS_X86
  if (have_avx2()) {
    rows_to_lanes16_avx2(src, n, dst);
    return true;
  }
#endif
  (void)src, (void)n, (void)dst;
  return false;
}

inline bool lanes_to_rows16(const double* src, std::size_t n, double* dst) {
#if MSABM_FIELDS_X86
  if (have_avx2()) {
    lanes_to_rows16_avx2(src, n, dst);
    return true;
  }
#endif
  (void)src, (void)n, (void)dst;
  return false;
}

/// Orders the non-temporal stores before what follows (other threads' reads after a barrier).
inline void store_fence() {
#if MSABM_FIELDS_X86
  _mm_sfence();
#endif
}

}  // namespace msabm::fields::simd
