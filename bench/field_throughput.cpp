// W2: field solver throughput. For k = 1, 4, 8 substances on 64^3, 128^3 and 256^3 lattices,
// times FieldSet::step (douglas ADI, one sub-step per step) and prints one JSON line per case:
// voxel-substance updates per second (total and per core) beside the memory-bandwidth bound
// measured in the same run with a STREAM-like triad a[i] = b[i] + s * c[i].
//
// Bound: a 3-direction ADI/LOD step must read and write every field value at least once and,
// because the z solves need the whole x-y result, write and read back one full-size
// intermediate: at least 32 bytes per voxel-substance update ("bound_bytes_per_update"). The
// douglas implementation moves exactly that (see engine/fields/field_solver.cpp).
// Triad bandwidth counts the bytes the triad really moves: 32 per element (reads of b and c,
// the read-for-ownership of a's line that an ordinary store costs, the write-back of a). STREAM
// itself counts 24 and so reports 3/4 of the bandwidth; the solver's bulk stores are
// non-temporal (no read-for-ownership), so the solver's 32 bytes and the triad's 32 bytes are
// both the traffic on the memory bus, like for like.
//
//   msabm_bench_fields [--threads N] [--sizes 64,128,256] [--substances 1,4,8] [--seconds S]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/lattice.hpp"
#include "engine/core/parallel.hpp"
#include "engine/fields/field_set.hpp"
#include "bench/bench_util.hpp"

namespace {

using msabm::bench::Clock;
using msabm::bench::parse_list;
using msabm::bench::seconds_since;

/// Bytes of memory traffic per triad element: 8 + 8 read, 8 read for ownership, 8 written.
constexpr double kTriadBytes = 32.0;

/// Best-of-5 STREAM-like triad bandwidth in bytes/s (kTriadBytes per element).
double triad_bandwidth(int threads) {
  const std::size_t n = std::size_t{1} << 25;  // 3 x 256 MiB, far beyond the caches
  msabm::fields::AlignedVector a, b, c;
  a.resize(n);
  b.resize(n);
  c.resize(n);
  double* pa = a.data();
  double* pb = b.data();
  double* pc = c.data();
  const auto sn = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::ptrdiff_t i = 0; i < sn; ++i) {  // first touch by the threads that use the pages
    pa[i] = 0.0;
    pb[i] = 1.0;
    pc[i] = 2.0;
  }
  double best = 0.0;
  const double scalar = 3.0;
  for (int rep = 0; rep < 6; ++rep) {
    const auto t0 = Clock::now();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < sn; ++i) pa[i] = pb[i] + scalar * pc[i];
    const double t = seconds_since(t0);
    if (rep > 0) best = std::max(best, kTriadBytes * static_cast<double>(n) / t);
  }
  if (pa[n / 2] != 7.0) std::fprintf(stderr, "triad check failed\n");
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> sizes{64, 128, 256};
  std::vector<int> counts{1, 4, 8};
  double target_seconds = 2.0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--threads" && has_value) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--sizes" && has_value) {
      sizes = parse_list(argv[++i]);
    } else if (arg == "--substances" && has_value) {
      counts = parse_list(argv[++i]);
    } else if (arg == "--seconds" && has_value) {
      target_seconds = std::atof(argv[++i]);
    } else if (std::isdigit(static_cast<unsigned char>(arg[0])) != 0) {
      threads = std::atoi(arg.c_str());
    } else {
      std::fprintf(stderr,
                   "usage: msabm_bench_fields [--threads N] [--sizes 64,128,256] "
                   "[--substances 1,4,8] [--seconds S]\n");
      return 2;
    }
  }
  threads = std::max(1, threads);
  msabm::ThreadPool pool(threads);
  const double triad = triad_bandwidth(threads);
  constexpr double kBoundBytes = 32.0;
  constexpr double kSolverBytes = 32.0;

  for (int n : sizes) {
    for (int k : counts) {
      msabm::LatticeShape shape;
      shape.dims = {n, n, n};
      shape.voxel_size = 10.0;
      const msabm::Lattice lattice(shape);
      std::vector<msabm::fields::SubstanceSpec> specs;
      for (int s = 0; s < k; ++s) {
        msabm::fields::SubstanceSpec spec;
        spec.name = std::string("s").append(std::to_string(s));
        spec.diffusion = 1000.0 / (1 + s);  // um^2/min
        spec.decay = 0.1;                   // 1/min
        spec.initial = 1.0;
        spec.sources.push_back({lattice.index(n / 2, n / 2, n / 2), 100.0});
        specs.push_back(spec);
      }
      msabm::fields::FieldSolverParams params;
      params.scheme = msabm::fields::FieldScheme::douglas;
      params.max_stiffness = 0.0;  // exactly one ADI sweep per step
      msabm::fields::FieldSet fields(lattice, specs, params);
      const double dt = 0.1;  // min
      fields.step(dt, pool);  // warm-up: page faults, work spaces, factorisations
      const double voxels = static_cast<double>(lattice.voxel_count());
      int steps = 0;
      const auto t0 = Clock::now();
      double wall = 0.0;
      do {
        fields.step(dt, pool);
        ++steps;
        wall = seconds_since(t0);
      } while (wall < target_seconds || steps < 3);
      const double updates = voxels * k * steps / wall;
      const double bound = triad / kBoundBytes;
      std::printf(
          "{\"workload\":\"W2\",\"threads\":%d,\"voxels\":%.0f,\"substances\":%d,\"steps\":%d,"
          "\"wall_s\":%.4f,\"voxel_substance_updates_per_s\":%.4g,\"per_core\":%.4g,"
          "\"triad_GBps\":%.3f,\"triad_bytes_per_element\":%.0f,\"bound_bytes_per_update\":%.0f,\"solver_bytes_per_update\":%.0f,"
          "\"bandwidth_bound_updates_per_s\":%.4g,\"fraction_of_bound\":%.3f,"
          "\"scheme\":\"douglas\",\"dt_min\":%g}\n",
          threads, voxels, k, steps, wall, updates, updates / threads, triad / 1e9, kTriadBytes, kBoundBytes,
          kSolverBytes, bound, updates / bound, dt);
      std::fflush(stdout);
    }
  }
  return 0;
}
