#include "models/tissue/cell_common.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/core/period_config.hpp"
#include "engine/fields/field_config.hpp"
#include "engine/run/field_process.hpp"
#include "models/walkers/attractant.hpp"

namespace msabm::tissue {

namespace {

int state_index(const config::Section& s, const std::string& name, const std::vector<std::string>& states) {
  const auto it = std::find(states.begin(), states.end(), name);
  if (it == states.end()) {
    std::string all;
    for (const auto& st : states) all += (all.empty() ? "" : ", ") + st;
    s.fail(name, fmt::format("unknown state '{}' (states: {})", name, all));
  }
  return static_cast<int>(it - states.begin());
}

int signal_index(const config::Section& s, const std::string& name) {
  for (int k = 0; k < static_cast<int>(Signal::count); ++k) {
    if (name == kSignalNames[k]) return k;
  }
  std::string all;
  for (const char* n : kSignalNames) all += (all.empty() ? "" : ", ") + std::string(n);
  s.fail(name, fmt::format("unknown signal '{}' (signals: {})", name, all));
}

}  // namespace

bool Secretion::any() const {
  for (const auto& r : per_state) {
    for (double x : r) {
      if (x > 0) return true;
    }
  }
  return false;
}

Secretion read_secretion(const config::Section& kind, const TissueState& t, const std::vector<std::string>& states) {
  Secretion out;
  out.per_state.assign(states.size(), SignalRates{});
  const config::Section sec = kind.section("secretion");
  for (const std::string& state : sec.keys()) {
    const int st = state_index(sec, state, states);
    const config::Section per = sec.section(state);
    for (const std::string& signal : per.keys()) {
      const int k = signal_index(per, signal);
      const int f = t.field(static_cast<Signal>(k));
      if (f < 0) per.fail(signal, fmt::format("patch '{}' has no field '{}'", t.patch().name(), signal));
      const std::string unit = fields::rate_unit(t.patch().fields()->spec(f).units);
      out.per_state[st][k] = per.quantity(signal, unit, config::Range::non_negative());
    }
  }
  return out;
}

void SecretionProcess::run(const StepContext& /*ctx*/) {
  const auto states = kind_.states();
  const auto voxels = kind_.voxels();
  for (int k = 0; k < static_cast<int>(Signal::count); ++k) {
    const int f = t_.field(static_cast<Signal>(k));
    if (f < 0) continue;
    voxels_.clear();
    rates_.clear();
    for (std::size_t i = 0; i < kind_.size(); ++i) {
      if (kind_.is_marked_dead(i)) continue;
      double rate = s_.per_state[states[i]][k];
      if (rate <= 0) continue;
      if (scale_) rate *= scale_(i);
      if (rate <= 0) continue;
      voxels_.push_back(voxels[i]);
      rates_.push_back(rate);
    }
    if (!voxels_.empty()) t_.patch().fields()->add_secretion(f, voxels_, rates_);
  }
}

bool MotilityParams::moves() const {
  return std::any_of(diffusivity.begin(), diffusivity.end(), [](double d) { return d > 0; });
}

MotilityParams read_motility(const config::Section& kind, const TissueState& t, const std::vector<std::string>& states,
                             double default_period) {
  MotilityParams p;
  const config::Section m = kind.section("motility");
  const double d = m.quantity("diffusivity", "um^2/min", "0 um^2/min", config::Range::non_negative());
  p.diffusivity.assign(states.size(), m.has("states") ? 0.0 : d);
  if (m.has("states")) {
    for (const config::Node& item : m.node("states").items()) {
      p.diffusivity[state_index(m, item.text("a state name"), states)] = d;
    }
  }
  p.period = m.quantity("period", "min", fmt::format("{} min", default_period), config::Range::positive());
  const config::Section c = m.section("chemotaxis");
  if (c.has("field")) {
    const std::string field = c.string("field");
    if (field == "debris") {
      p.debris = true;
    } else {
      const int k = signal_index(c, field);
      p.field = t.field(static_cast<Signal>(k));
      if (p.field < 0) c.fail("field", fmt::format("patch '{}' has no field '{}'", t.patch().name(), field));
    }
    p.bias = c.number("bias", 0.0, config::Range::probability());
  }
  return p;
}

std::array<double, 3> CellMotility::debris_gradient(const Lattice& lattice, VoxelIndex v) const {
  const auto debris = t_.array(t_.debris);
  const auto near = lattice.neighbours(v);
  std::array<double, 3> g{};
  for (int a = 0; a < 3; ++a) {
    const double lo = near[2 * a] == kNoVoxel ? debris[v] : debris[near[2 * a]];
    const double hi = near[2 * a + 1] == kNoVoxel ? debris[v] : debris[near[2 * a + 1]];
    g[a] = hi - lo;
  }
  return g;
}

void CellMotility::run(const StepContext& ctx) {
  const Lattice& lattice = t_.patch().lattice();
  Occupancy& occupancy = t_.patch().occupancy();
  const double h = lattice.voxel_size();
  const auto ids = kind_.ids();
  auto voxels = kind_.voxels();
  const auto states = kind_.states();
  const std::uint16_t volume = kind_.volume();
  bool moved = false;
  for (std::size_t i = 0; i < kind_.size(); ++i) {
    const double p_move = 6.0 * p_.diffusivity[states[i]] * ctx.dt / (h * h);
    if (p_move <= 0) continue;
    RandomStream s = rng_.stream(ids[i], static_cast<std::uint64_t>(ctx.step));
    if (s.uniform() >= p_move) continue;
    const VoxelIndex v = voxels[i];
    const double u_bias = s.uniform();
    const double u_face = s.uniform();
    int face = static_cast<int>(u_face * 6.0);
    if ((p_.field >= 0 || p_.debris) && u_bias < p_.bias) {
      const auto g = p_.debris ? debris_gradient(lattice, v) : t_.patch().fields()->gradient(p_.field, v);
      if (g[0] != 0 || g[1] != 0 || g[2] != 0) face = walkers::face_along(g, u_face);
    }
    const VoxelIndex w = lattice.neighbour(v, face);
    if (w == kNoVoxel || static_cast<int>(lattice.label(w)) == t_.venule) continue;
    if (occupancy.free(w) < volume) continue;
    occupancy.remove(v, volume);
    occupancy.add(w, volume);
    voxels[i] = w;
    moved = true;
  }
  if (moved) kind_.touch();
}

void install_motility_and_secretion(Simulation& sim, TissueState& t, AgentKind& kind, const config::Section& s,
                                    const MotilityParams& motility, Secretion secretion,
                                    std::function<double(std::size_t)> scale) {
  const std::string purpose = t.patch().name() + "." + kind.name();
  if (motility.moves()) {
    const double h = t.patch().lattice().voxel_size();
    const double d_max = *std::max_element(motility.diffusivity.begin(), motility.diffusivity.end());
    const double p_move = 6.0 * d_max * motility.period / (h * h);
    if (p_move > 1.0) {
      s.section("motility").fail("diffusivity",
                                 fmt::format("6 D dt / dx^2 = {:.3g} > 1: a cell cannot jump more than once per "
                                             "period; shorten motility.period or enlarge the voxel", p_move));
    }
    sim.scheduler().add_process("motility." + purpose, Phase::Move,
                                period_ticks(sim, s.section("motility"), "period", motility.period),
                                std::make_unique<CellMotility>(t, kind, motility, sim.rng("tissue.motility." + purpose)),
                                sim.tick());
  }
  if (secretion.any()) {
    sim.scheduler().add_process("secretion." + purpose, Phase::Sense, field_period_ticks(sim, t.patch()),
                                std::make_unique<SecretionProcess>(t, kind, std::move(secretion), std::move(scale)),
                                sim.tick());
  }
}

std::vector<VoxelIndex> parenchyma_voxels(const TissueState& t, bool with_sheath) {
  std::vector<VoxelIndex> out;
  const Lattice& lattice = t.patch().lattice();
  for (VoxelIndex v = 0; v < lattice.voxel_count(); ++v) {
    const int l = lattice.label(v);
    if (l == t.white_matter || (with_sheath && l == t.perivascular)) out.push_back(v);
  }
  return out;
}

std::size_t initial_count(const config::Section& s, const TissueState& t, std::size_t voxels) {
  if (s.has("count")) return static_cast<std::size_t>(s.integer("count", 0, 0, 100'000'000));
  const double density = s.quantity("density", "1/um^3", "0 1/mm^3", config::Range::non_negative());
  return static_cast<std::size_t>(std::llround(density * t.voxel_volume() * static_cast<double>(voxels)));
}

std::size_t place_cells(AgentKind& kind, std::span<const VoxelIndex> candidates, std::size_t count, Occupancy& occupancy,
                        const CounterRng& rng, std::uint64_t step, std::uint8_t state) {
  if (candidates.empty()) return 0;
  std::size_t placed = 0;
  const std::uint16_t volume = kind.volume();
  for (std::size_t k = 0; k < count; ++k) {
    auto start = static_cast<std::size_t>(rng.uniform(k, step) * static_cast<double>(candidates.size()));
    start = std::min(start, candidates.size() - 1);
    for (std::size_t probe = 0; probe < candidates.size(); ++probe) {
      const VoxelIndex v = candidates[(start + probe) % candidates.size()];
      if (occupancy.free(v) < volume) continue;
      kind.add(v, state);
      occupancy.add(v, volume);
      ++placed;
      break;
    }
  }
  return placed;
}

void add_state_readouts(Simulation& sim, const Patch& patch, const AgentKind& kind,
                        const std::vector<std::string>& states) {
  const AgentKind* k = &kind;
  for (std::size_t st = 0; st < states.size(); ++st) {
    sim.add_readout({patch.name() + "." + kind.name() + "." + states[st], "cells", [k, st](const Simulation&) {
                       const auto s = k->states();
                       return static_cast<double>(std::count(s.begin(), s.end(), static_cast<std::uint8_t>(st)));
                     }});
  }
}

}  // namespace msabm::tissue

namespace msabm::tissue {

AgentKind& add_cell_kind(Patch& patch, const std::string& name, Mobility mobility, const config::Section& s) {
  return patch.add_kind(name, mobility, static_cast<std::uint16_t>(s.integer("volume", 1, 0, 65535)));
}

void install_cell_kind(Simulation& sim, TissueState& t, AgentKind& kind, const config::Section& s,
                       const std::vector<std::string>& states, Phase phase, double default_period,
                       std::unique_ptr<Process> decide, std::uint8_t initial_state) {
  const Patch& patch = t.patch();
  const std::string purpose = patch.name() + "." + kind.name();
  kind.set_state_names(states);
  const config::Section d = s.section("decide");
  const double period = d.quantity("period", "min", fmt::format("{} min", default_period), config::Range::positive());
  sim.scheduler().add_process("decide." + purpose, phase, period_ticks(sim, d, "period", period), std::move(decide),
                              sim.tick());
  install_motility_and_secretion(sim, t, kind, s, read_motility(s, t, states, default_period),
                                 read_secretion(s, t, states));
  add_state_readouts(sim, patch, kind, states);
  const auto candidates = parenchyma_voxels(t, false);
  place_cells(kind, candidates, initial_count(s, t, candidates.size()), t.patch().occupancy(),
              sim.rng("tissue.placement." + purpose), 0, initial_state);
}

}  // namespace msabm::tissue
