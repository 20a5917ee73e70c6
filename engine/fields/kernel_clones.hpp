#pragma once
// Why this file: the field solver's hot kernels live in several files (line_solvers.cpp,
// row_kernels.cpp, stencil.cpp, adi_pass1.cpp, adi_pass2.cpp) and must all be compiled the same
// way; MSABM_FIELDS_KERNEL says how, once. Internal to engine/fields.
//
// The hot kernels are compiled twice, for AVX2 and for the baseline, and the loader picks one.
// AVX2 without FMA performs exactly the same IEEE operations as the baseline (no contraction,
// no reassociation), so results are identical bit for bit on either path.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&  \
    !defined(__SANITIZE_ADDRESS__) && !defined(MSABM_FIELDS_NO_SIMD) && \
    !defined(MSABM_FIELDS_NO_AVX2)
#define MSABM_FIELDS_KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define MSABM_FIELDS_KERNEL
#endif
