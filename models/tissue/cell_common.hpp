#pragma once
// Pieces every tissue cell kind uses: named states, initial placement by density, per-state
// secretion into the cytokine fields, a lattice walk with chemotaxis whose speed depends on the
// state, and counts per state as readouts.
//
// All loops here are serial, in agent order, with random draws keyed by (agent id, process
// step): results do not depend on the thread count. Tissue cells number thousands per mm^3 and
// decide over minutes to hours, so a serial pass costs far less than the fields it couples to.
#include <array>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "engine/core/simulation.hpp"
#include "models/tissue/tissue_state.hpp"

namespace msabm::tissue {

using SignalRates = std::array<double, static_cast<int>(Signal::count)>;

/// Per state, amount per minute secreted into each signal's field.
struct Secretion {
  std::vector<SignalRates> per_state;
  [[nodiscard]] bool any() const;
};

/// Reads `secretion: {<state>: {<signal>: "<rate>"}}`; every signal named must be a field of the
/// patch.
Secretion read_secretion(const config::Section& kind, const TissueState& t, const std::vector<std::string>& states);

/// Records each agent's secretion at the fields' period; `scale(i)` (default 1) multiplies
/// agent i's rates (e.g. suppression).
class SecretionProcess final : public Process {
 public:
  SecretionProcess(TissueState& t, AgentKind& kind, Secretion s, std::function<double(std::size_t)> scale = {})
      : t_(t), kind_(kind), s_(std::move(s)), scale_(std::move(scale)) {}
  void run(const StepContext& ctx) override;

 private:
  TissueState& t_;
  AgentKind& kind_;
  Secretion s_;
  std::function<double(std::size_t)> scale_;
  std::vector<VoxelIndex> voxels_;
  std::vector<double> rates_;
};

struct MotilityParams {
  std::vector<double> diffusivity;  ///< per state, um^2/min
  double period = 1;                ///< min
  int field = -1;                   ///< chemotaxis field index (-1: none)
  bool debris = false;              ///< chemotaxis up the debris voxel array instead of a field
  double bias = 0;                  ///< share of moves taken up the gradient
  [[nodiscard]] bool moves() const;
};

/// Reads `motility: {diffusivity: "..", states: [..], period: "..", chemotaxis: {field, bias}}`.
/// Only the states listed (default: all) move. `field: debris` follows the myelin debris of the
/// voxels (the "find-me" signals of dying cells and damaged myelin) instead of a diffusing field.
MotilityParams read_motility(const config::Section& kind, const TissueState& t, const std::vector<std::string>& states,
                             double default_period);

/// A lattice walk: with probability 6 D dt / dx^2 a cell tries a face neighbour, drawn along
/// the chemotactic gradient with probability `bias` and uniformly otherwise; it moves if the
/// voxel is tissue a cell can enter (not venule lumen) and has room.
class CellMotility final : public Process {
 public:
  CellMotility(TissueState& t, AgentKind& kind, MotilityParams p, CounterRng rng)
      : t_(t), kind_(kind), p_(std::move(p)), rng_(rng) {}
  void run(const StepContext& ctx) override;

 private:
  /// Central differences of the debris array at v (one-sided at the faces).
  [[nodiscard]] std::array<double, 3> debris_gradient(const Lattice& lattice, VoxelIndex v) const;

  TissueState& t_;
  AgentKind& kind_;
  MotilityParams p_;
  CounterRng rng_;
};

/// Installs motility (if any state moves) and secretion (if any rate) for a kind; fails through
/// `kind` when a move probability would exceed 1.
void install_motility_and_secretion(Simulation& sim, TissueState& t, AgentKind& kind, const config::Section& s,
                                    const MotilityParams& motility, Secretion secretion,
                                    std::function<double(std::size_t)> scale = {});

/// Voxels a tissue cell may occupy at start: white matter (and perivascular space).
std::vector<VoxelIndex> parenchyma_voxels(const TissueState& t, bool with_sheath);

/// Number of cells at start: `count`, or `density` (cells/mm^3) times the volume of `voxels`.
std::size_t initial_count(const config::Section& s, const TissueState& t, std::size_t voxels);

/// Adds `count` cells of `kind` in `state` at voxels drawn from `candidates` (with room; the
/// next candidate with room when the drawn one is full). Returns how many were placed.
std::size_t place_cells(AgentKind& kind, std::span<const VoxelIndex> candidates, std::size_t count, Occupancy& occupancy,
                        const CounterRng& rng, std::uint64_t step, std::uint8_t state);

/// `<patch>.<kind>.<state>` counts as readouts (units: cells).
void add_state_readouts(Simulation& sim, const Patch& patch, const AgentKind& kind,
                        const std::vector<std::string>& states);

/// An agent kind for a tissue cell; its occupancy volume is the kind's `volume` key (default 1).
AgentKind& add_cell_kind(Patch& patch, const std::string& name, Mobility mobility, const config::Section& s);

/// What every cell kind installs: its decision process (`decide.period`, default
/// `default_period` min) in `phase`, motility and secretion, counts per state as readouts, and
/// its initial cells (`count` or `density`) in state `initial_state` at random voxels of white
/// matter.
void install_cell_kind(Simulation& sim, TissueState& t, AgentKind& kind, const config::Section& s,
                       const std::vector<std::string>& states, Phase phase, double default_period,
                       std::unique_ptr<Process> decide, std::uint8_t initial_state);

/// The column of `kind` named `name` (declared with type T); throws std::logic_error if absent.
template <class T>
ColumnRef<T> column_named(const AgentKind& kind, std::string_view name) {
  const auto& cols = kind.columns();
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (cols[c].name == name && std::holds_alternative<std::vector<T>>(cols[c].values)) return {c};
  }
  throw std::logic_error("agent kind '" + kind.name() + "' has no column '" + std::string(name) + "'");
}

}  // namespace msabm::tissue
