#include "models/tissue/tissue_readouts.hpp"

#include <vector>

namespace msabm::tissue {

namespace {

bool demyelinated(const TissueState& t, const LesionParams& p, std::size_t v) {
  const auto axons0 = t.array(t.axons0);
  if (axons0[v] <= 0) return false;
  return t.array(t.myelin)[v] + t.array(t.remyelin)[v] < p.demyelinated_below;
}

/// Recomputes a census at most once per tick for the three lesion readouts.
struct CensusCache {
  std::int64_t tick = -1;
  LesionCensus census;
  const LesionCensus& at(const Simulation& sim, const TissueState& t, const LesionParams& p) {
    if (tick != sim.tick()) {
      census = census_lesions(t, p);
      tick = sim.tick();
    }
    return census;
  }
};

}  // namespace

LesionCensus census_lesions(const TissueState& t, const LesionParams& p) {
  const Lattice& lattice = t.patch().lattice();
  const std::size_t n = lattice.voxel_count();
  std::vector<std::uint8_t> seen(n, 0);
  std::vector<VoxelIndex> stack;
  LesionCensus c;
  for (std::size_t v0 = 0; v0 < n; ++v0) {
    if (seen[v0] || !demyelinated(t, p, v0)) continue;
    std::size_t size = 0;
    stack.assign(1, static_cast<VoxelIndex>(v0));
    seen[v0] = 1;
    while (!stack.empty()) {
      const VoxelIndex v = stack.back();
      stack.pop_back();
      ++size;
      for (VoxelIndex w : lattice.neighbours(v)) {
        if (w == kNoVoxel || seen[w] || !demyelinated(t, p, w)) continue;
        seen[w] = 1;
        stack.push_back(w);
      }
    }
    if (size < static_cast<std::size_t>(p.min_cluster_voxels)) continue;
    ++c.count;
    c.voxels += size;
    c.largest = std::max(c.largest, size);
  }
  return c;
}

void add_tissue_readouts(Simulation& sim, TissueState& t, const WhiteMatterParams& params) {
  const std::string prefix = t.patch().name() + ".";
  const TissueState* ts = &t;
  const LesionParams lp = params.lesions;
  const double mm3 = t.voxel_volume() * 1e-9;  // one voxel in mm^3
  auto sum_where = [ts](auto&& f) {
    double s = 0;
    const std::size_t n = ts->patch().lattice().voxel_count();
    for (std::size_t v = 0; v < n; ++v) s += f(v);
    return s;
  };
  auto myelinated_voxels = [ts, sum_where] {
    const auto a0 = ts->array(ts->axons0);
    return sum_where([&](std::size_t v) { return a0[v] > 0 ? 1.0 : 0.0; });
  };
  sim.add_readout({prefix + "myelin", "1", [ts, sum_where, myelinated_voxels](const Simulation&) {
                     const auto m = ts->array(ts->myelin), r = ts->array(ts->remyelin);
                     const double n = myelinated_voxels();
                     return n > 0 ? sum_where([&](std::size_t v) { return m[v] + r[v]; }) / n : 0.0;
                   }});
  sim.add_readout({prefix + "remyelin", "1", [ts, sum_where, myelinated_voxels](const Simulation&) {
                     const auto r = ts->array(ts->remyelin);
                     const double n = myelinated_voxels();
                     return n > 0 ? sum_where([&](std::size_t v) { return r[v]; }) / n : 0.0;
                   }});
  sim.add_readout({prefix + "demyelinated_volume", "mm^3", [ts, lp, mm3, sum_where](const Simulation&) {
                     return mm3 * sum_where([&](std::size_t v) { return demyelinated(*ts, lp, v) ? 1.0 : 0.0; });
                   }});
  sim.add_readout({prefix + "remyelinated_volume", "mm^3", [ts, lp, mm3, sum_where](const Simulation&) {
                     const auto m = ts->array(ts->myelin), r = ts->array(ts->remyelin);
                     const auto a0 = ts->array(ts->axons0);
                     return mm3 * sum_where([&](std::size_t v) {
                              const double total = m[v] + r[v];
                              return a0[v] > 0 && total >= lp.demyelinated_below && r[v] > lp.remyelinated_share * total
                                         ? 1.0 : 0.0;
                            });
                   }});
  sim.add_readout({prefix + "axon_loss", "1", [ts, sum_where](const Simulation&) {
                     const auto a = ts->array(ts->axons), a0 = ts->array(ts->axons0);
                     const double total = sum_where([&](std::size_t v) { return a0[v]; });
                     return total > 0 ? 1.0 - sum_where([&](std::size_t v) { return a[v]; }) / total : 0.0;
                   }});
  sim.add_readout({prefix + "axons_transected", "axons", [ts](const Simulation&) { return ts->axons_transected; }});
  sim.add_readout({prefix + "debris_volume", "mm^3", [ts, mm3, sum_where](const Simulation&) {
                     const auto d = ts->array(ts->debris);
                     return mm3 * sum_where([&](std::size_t v) { return d[v]; });
                   }});
  sim.add_readout({prefix + "phagocytosed_volume", "mm^3", [ts, mm3](const Simulation&) { return mm3 * ts->phagocytosed; }});
  const double leak_threshold = params.bbb.leak_threshold;
  sim.add_readout({prefix + "leak_volume", "mm^3", [ts, mm3, leak_threshold, sum_where](const Simulation&) {
                     const auto leak = ts->array(ts->leak);
                     return mm3 * sum_where([&](std::size_t v) {
                              const VoxelIndex s = ts->leak_source[v];
                              return s != kNoVoxel && leak[s] > leak_threshold ? 1.0 : 0.0;
                            });
                   }});
  sim.add_readout({prefix + "mean_adhesion", "1", [ts](const Simulation&) {
                     const auto a = ts->array(ts->adhesion);
                     double s = 0;
                     for (VoxelIndex v : ts->venule_voxels) s += a[v];
                     return ts->venule_voxels.empty() ? 0.0 : s / static_cast<double>(ts->venule_voxels.size());
                   }});
  auto cache = std::make_shared<CensusCache>();
  sim.add_readout({prefix + "lesion_volume", "mm^3", [ts, lp, mm3, cache](const Simulation& s) {
                     return mm3 * static_cast<double>(cache->at(s, *ts, lp).voxels);
                   }});
  sim.add_readout({prefix + "lesion_count", "lesions", [ts, lp, cache](const Simulation& s) {
                     return static_cast<double>(cache->at(s, *ts, lp).count);
                   }});
  sim.add_readout({prefix + "largest_lesion_volume", "mm^3", [ts, lp, mm3, cache](const Simulation& s) {
                     return mm3 * static_cast<double>(cache->at(s, *ts, lp).largest);
                   }});
}

}  // namespace msabm::tissue
