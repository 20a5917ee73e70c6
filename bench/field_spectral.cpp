// Spectral vs douglas for fast cytokine fields: the time to advance one field by one coupling
// period (agents' secretion and uptake pending) on n^3 lattices, and the cost of one transform
// against one douglas sub-step (the ratio behind FieldSet::scheme_for's kSpectralTransformBytes).
// Prints one JSON line per case.
//
//   msabm_bench_spectral [--threads N] [--sizes 50,100] [--period MIN] [--reps R] [--uptake U]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/lattice.hpp"
#include "engine/core/parallel.hpp"
#include "engine/fields/field_set.hpp"
#include "bench/bench_util.hpp"

namespace {

using namespace msabm;
using namespace msabm::fields;
using msabm::bench::Clock;
using msabm::bench::parse_list;
using msabm::bench::seconds_since;

struct Agents {
  std::vector<VoxelIndex> secreting, consuming;
  std::vector<double> rates, uptake;
};

/// One agent per 200 voxels secretes, one per 40 takes up (`u` per min): a dense tissue patch.
Agents agents(std::size_t count, double u) {
  Agents a;
  for (std::size_t v = 0; v < count; v += 40) {
    const auto voxel = static_cast<VoxelIndex>(v * 7919 % count);
    if (v % 200 == 0) {
      a.secreting.push_back(voxel);
      a.rates.push_back(1.0);
    }
    a.consuming.push_back(voxel);
    a.uptake.push_back(u);
  }
  return a;
}

/// Seconds per call of FieldSet::step(dt) (best of `reps`), with the agents' terms pending.
double time_step(const Lattice& lattice, const SubstanceSpec& spec, FieldSolverParams params,
                 double dt, double uptake, int reps, ThreadPool& pool, int* substeps,
                 int* iterations) {
  FieldSet fields(lattice, {spec}, params);
  const Agents a = agents(lattice.voxel_count(), uptake);
  double best = 1e300;
  for (int r = 0; r <= reps; ++r) {  // the first run plans the transforms: not timed
    fields.add_secretion(0, a.secreting, a.rates);
    if (uptake > 0.0) fields.add_uptake(0, a.consuming, a.uptake);
    *substeps = fields.scheme_for(0, dt).substeps;
    const auto t0 = Clock::now();
    fields.step(dt, pool);
    if (r > 0) best = std::min(best, seconds_since(t0));
    *iterations = fields.uptake_iterations(0);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1;
  std::vector<int> sizes{50, 100};
  double period = 60.0;
  int reps = 3;
  double uptake = 0.02;  // 1/min
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--sizes")) sizes = parse_list(argv[i + 1]);
    if (!std::strcmp(argv[i], "--period")) period = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--reps")) reps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--uptake")) uptake = std::atof(argv[i + 1]);
  }
  ThreadPool pool(threads);
  // A cytokine as in the issue: D = 1200 um^2/min, 30 min half-life, 10 um voxels.
  SubstanceSpec spec;
  spec.name = "cytokine";
  spec.diffusion = 1200.0;
  spec.decay = std::log(2.0) / 30.0;
  for (int n : sizes) {
    LatticeShape shape;
    shape.dims = {n, n, n};
    shape.voxel_size = 10.0;
    const Lattice lattice(shape);
    const double voxels = static_cast<double>(lattice.voxel_count());
    FieldSolverParams spectral;
    spectral.scheme = FieldScheme::spectral;
    FieldSolverParams douglas;
    douglas.scheme = FieldScheme::douglas;  // default cap: D dt_sub / dx^2 <= 1
    int sub_spectral = 0;
    int sub_spectral_uptake = 0;
    int sub_douglas = 0;
    int iterations = 0;
    // douglas: one step of 1 min (12 sub-steps), scaled to the period (its cost is linear).
    const double t_douglas =
        time_step(lattice, spec, douglas, 1.0, uptake, reps, pool, &sub_douglas, &iterations) *
        period;
    const double t_spectral =
        time_step(lattice, spec, spectral, period, 0.0, reps, pool, &sub_spectral, &iterations);
    const double t_spectral_uptake = time_step(lattice, spec, spectral, period, uptake, reps, pool,
                                               &sub_spectral_uptake, &iterations);
    // Per transform (a secretion-only spectral step is 3 transforms plus a pass over the modes)
    // against one douglas sub-step.
    const double per_transform = t_spectral / 3.0 / voxels;
    const double per_douglas_substep = t_douglas / (sub_douglas * period) / voxels;
    std::printf(
        "{\"bench\": \"field_spectral\", \"n\": %d, \"threads\": %d, \"period_min\": %g, "
        "\"douglas_s_per_period\": %.4g, \"douglas_substeps_per_period\": %.0f, "
        "\"spectral_s_per_period\": %.4g, \"spectral_uptake_s_per_period\": %.4g, "
        "\"uptake\": %g, \"uptake_iterations\": %d, \"speedup\": %.3g, \"speedup_with_uptake\": "
        "%.3g, "
        "\"transform_ns_per_voxel\": %.3g, \"douglas_substep_ns_per_voxel\": %.3g, "
        "\"transform_bytes_equivalent\": %.3g}\n",
        n, threads, period, t_douglas, sub_douglas * period, t_spectral, t_spectral_uptake, uptake,
        iterations, t_douglas / t_spectral, t_douglas / t_spectral_uptake, per_transform * 1e9,
        per_douglas_substep * 1e9, 32.0 * per_transform / per_douglas_substep);
    std::fflush(stdout);
  }
  return 0;
}
