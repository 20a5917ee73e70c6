#include "models/tissue/white_matter_processes.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/random_counts.hpp"
#include "engine/core/simulation.hpp"

namespace msabm::tissue {

void MyelinProcess::run(const StepContext& ctx) {
  const auto support = t_.support();
  auto myelin = t_.array(t_.myelin);
  auto remyelin = t_.array(t_.remyelin);
  auto debris = t_.array(t_.debris);
  const auto axons = t_.array(t_.axons);
  const auto axons0 = t_.array(t_.axons0);
  const double p_break = chance(p_.breakdown_rate, ctx.dt);
  const double p_keep = chance(p_.maintenance_rate, ctx.dt);
  const bool humoral = p_.antibody_damage > 0 && t_.field(Signal::antibody) >= 0;
  for (std::size_t v = 0; v < myelin.size(); ++v) {
    if (axons0[v] <= 0) continue;
    const double intact = axons[v] / axons0[v];
    const double target = support[v] * intact;
    double m = myelin[v];
    double r = remyelin[v];
    double lost = 0;
    if (m > target) {
      lost = (m - target) * p_break;
      m -= lost;
    } else if (p_keep > 0) {
      m += std::max(0.0, std::min(target - m, intact - m - r)) * p_keep;
    }
    if (humoral) {
      const double h = hill(t_.value(Signal::antibody, static_cast<VoxelIndex>(v)), p_.antibody_ec50);
      const double hit = chance(p_.antibody_damage * h, ctx.dt);
      lost += (m + r) * hit;
      m -= m * hit;
      r -= r * hit;
    }
    myelin[v] = m;
    remyelin[v] = r;
    debris[v] += lost;
  }
}

void SignalProcess::run(const StepContext& /*ctx*/) {
  const int f = t_.field(Signal::pdgf);
  if (f < 0 || p_.pdgf_secretion <= 0) return;
  const auto myelin = t_.array(t_.myelin);
  const auto remyelin = t_.array(t_.remyelin);
  const auto axons = t_.array(t_.axons);
  const auto axons0 = t_.array(t_.axons0);
  voxels_.clear();
  rates_.clear();
  for (std::size_t v = 0; v < myelin.size(); ++v) {
    if (axons[v] <= 0) continue;
    // Bare axon length still present in the voxel, as a share of the voxel's axon length.
    const double bare = (axons[v] / axons0[v]) - myelin[v] - remyelin[v];
    if (bare <= 1e-3) continue;
    voxels_.push_back(static_cast<VoxelIndex>(v));
    rates_.push_back(p_.pdgf_secretion * bare);
  }
  if (!voxels_.empty()) t_.patch().fields()->add_secretion(f, voxels_, rates_);
}

void BbbProcess::run(const StepContext& ctx) {
  auto adhesion = t_.array(t_.adhesion);
  auto leak = t_.array(t_.leak);
  const double kl = p_.leak_rate;
  const double keep_leak = std::exp(-kl * ctx.dt);
  for (std::size_t i = 0; i < t_.venule_voxels.size(); ++i) {
    const VoxelIndex v = t_.venule_voxels[i];
    // Cytokine drive on the abluminal side: the mean over the voxels next to the wall.
    double drive = 0;
    const std::uint32_t b = t_.entry_begin[i], e = t_.entry_begin[i + 1];
    for (std::uint32_t j = b; j < e; ++j) {
      const VoxelIndex w = t_.entry_voxels[j];
      drive += std::min(1.0, hill(t_.value(Signal::tnf, w), p_.tnf_ec50) +
                                 hill(t_.value(Signal::ifng, w), p_.ifng_ec50) +
                                 hill(t_.value(Signal::il17, w), p_.il17_ec50));
    }
    drive /= static_cast<double>(e - b);
    // Over the period the drive is held constant, so both relax exactly:
    //   dA/dt = k (T - A)          A(t) = T + (A0 - T) e^{-k t}  (k: rise or fall rate)
    //   dL/dt = kl (A(t) - L)      L(t) = T + (L0 - T) e^{-kl t} + (A0 - T) g(t),
    //   g(t) = kl (e^{-k t} - e^{-kl t}) / (kl - k)   (kl t e^{-k t} when kl = k).
    const double target = p_.baseline + (1.0 - p_.baseline) * drive;
    const double a0 = adhesion[v];
    const double k = target > a0 ? p_.rise_rate : p_.fall_rate;
    const double keep_adhesion = std::exp(-k * ctx.dt);
    const double g = std::abs(kl - k) > 1e-12 * std::max(kl, k) ? kl * (keep_adhesion - keep_leak) / (kl - k)
                                                                 : kl * ctx.dt * keep_adhesion;
    adhesion[v] = target + (a0 - target) * keep_adhesion;
    leak[v] = target + (leak[v] - target) * keep_leak + (a0 - target) * g;
  }
  // The sheath shows the leak of its venule (what contrast agent reaching it would show).
  for (std::size_t v = 0; v < leak.size(); ++v) {
    const VoxelIndex src = t_.leak_source[v];
    if (src != kNoVoxel && src != v) leak[v] = leak[src];
  }
}

void AxonProcess::run(const StepContext& ctx) {
  auto myelin = t_.array(t_.myelin);
  auto remyelin = t_.array(t_.remyelin);
  auto debris = t_.array(t_.debris);
  auto axons = t_.array(t_.axons);
  const auto axons0 = t_.array(t_.axons0);
  const double h = t_.patch().lattice().voxel_size();
  auto count = kind_.column(c_.axons);
  auto line_of = kind_.column(c_.line);
  auto line_myelin = kind_.column(c_.myelin);
  auto states = kind_.states();
  const auto ids = kind_.ids();
  for (std::size_t i = 0; i < kind_.size(); ++i) {
    const std::uint32_t l = line_of[i];
    const std::uint32_t b = t_.line_begin[l], e = t_.line_begin[l + 1];
    double inflamed_length = 0;  // um, weighted by the inflammation index
    double bare = 0;
    double covered = 0;
    for (std::uint32_t j = b; j < e; ++j) {
      const VoxelIndex v = t_.line_voxels[j];
      inflamed_length += h * std::min(1.0, hill(t_.value(Signal::tnf, v), p_.tnf_ec50) +
                                               hill(t_.value(Signal::ifng, v), p_.ifng_ec50));
      const double intact = axons[v] / axons0[v];
      bare += std::max(0.0, intact - myelin[v] - remyelin[v]) / std::max(intact, 1e-12);
      covered += myelin[v] + remyelin[v];
    }
    const double segments = static_cast<double>(e - b);
    line_myelin[i] = static_cast<float>(covered / segments);
    if (count[i] == 0) continue;
    const double hazard = p_.transection * inflamed_length + p_.chronic * bare / segments;
    if (hazard <= 0) continue;
    RandomStream s = rng_.stream(ids[i], static_cast<std::uint64_t>(ctx.step));
    const auto lost = static_cast<std::uint32_t>(binomial(s, count[i], chance(hazard, ctx.dt)));
    if (lost == 0) continue;
    const double keep = static_cast<double>(count[i] - lost) / count[i];
    count[i] -= lost;
    if (count[i] == 0) states[i] = kAxonLost;
    t_.axons_transected += lost;
    // Wallerian degeneration: the lost axons go along the whole line, their myelin to debris.
    for (std::uint32_t j = b; j < e; ++j) {
      const VoxelIndex v = t_.line_voxels[j];
      debris[v] += (myelin[v] + remyelin[v]) * (1.0 - keep);
      myelin[v] *= keep;
      remyelin[v] *= keep;
      axons[v] = count[i];
    }
  }
}

}  // namespace msabm::tissue
