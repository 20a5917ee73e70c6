#pragma once
// The voxel rules of white matter, each a process at its own period:
//  MyelinProcess   myelin left without its oligodendrocytes breaks down into debris (first
//                  order, breakdown_half_life); supported myelin is maintained; antibody with
//                  complement strips myelin (rate x h(antibody)).
//  SignalProcess   demyelinated axons release a PDGF-like signal (per voxel, in proportion to
//                  the demyelinated share), recorded at the fields' period.
//  BbbProcess      venule adhesion relaxes toward baseline + (1 - baseline) x cytokine drive
//                  (TNF, IFN-gamma, IL-17 next to the wall; faster up than down); leak follows
//                  adhesion with a lag (both first order, solved exactly over each period for
//                  the drive at its start).
//  AxonProcess     each axon line loses axons (binomial) at hazard = transection x integral of
//                  the inflammation index along the line + chronic x demyelinated share of the
//                  line; lost axons go along the whole line (Wallerian degeneration) and their
//                  myelin becomes debris. Counts never rise.
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "models/tissue/tissue_state.hpp"
#include "models/tissue/white_matter_params.hpp"

namespace msabm::tissue {

class MyelinProcess final : public Process {
 public:
  MyelinProcess(TissueState& t, const MyelinParams& p) : t_(t), p_(p) {}
  void run(const StepContext& ctx) override;

 private:
  TissueState& t_;
  MyelinParams p_;
};

class SignalProcess final : public Process {
 public:
  SignalProcess(TissueState& t, const MyelinParams& p) : t_(t), p_(p) {}
  void run(const StepContext& ctx) override;

 private:
  TissueState& t_;
  MyelinParams p_;
  std::vector<VoxelIndex> voxels_;
  std::vector<double> rates_;
};

class BbbProcess final : public Process {
 public:
  BbbProcess(TissueState& t, const BbbParams& p) : t_(t), p_(p) {}
  void run(const StepContext& ctx) override;

 private:
  TissueState& t_;
  BbbParams p_;
};

/// Axon agents: one per line (column `line`), with intact and initial axon counts.
struct AxonColumns {
  ColumnRef<std::uint32_t> axons, axons0, line;
  ColumnRef<float> myelin;
};
enum AxonState : std::uint8_t { kAxonIntact = 0, kAxonLost = 1 };

class AxonProcess final : public Process {
 public:
  AxonProcess(TissueState& t, AgentKind& kind, AxonColumns c, const AxonParams& p, CounterRng rng)
      : t_(t), kind_(kind), c_(c), p_(p), rng_(rng) {}
  void run(const StepContext& ctx) override;

 private:
  TissueState& t_;
  AgentKind& kind_;
  AxonColumns c_;
  AxonParams p_;
  CounterRng rng_;
};

}  // namespace msabm::tissue
