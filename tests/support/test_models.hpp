#pragma once
// Models that exist only in tests, written the way a modeller writes one, to show that new
// state needs no edit in engine/io: a systemic model with a table and a parameter
// (`test_blood:`), a patch contents model with its own component state and a voxel array
// (`contents: {m: {model: test_marks}}`), and a mobile kind (`model: test_cell`) whose cells
// leave for a table or another patch and whose process keeps a counter and coarsens its own
// period at run time.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/core/region.hpp"
#include "engine/core/simulation.hpp"
#include "engine/run/build_simulation.hpp"
#include "models/register_models.hpp"

namespace msabm::testing {

/// test_blood: a table "blood" (key clone; columns cells, drug) and a process that sends
/// `parameter test_blood.entry` cells per run from each row into a patch's kind at a box of
/// entry voxels, and lets the drug decay (first order, closed form per run).
class TestBlood final : public Model {
 public:
  TestBlood(const config::Section& s, Simulation& sim)
      : section_(s),
        table_(sim.add_table(SystemicTable("blood", "clone",
                                           {{"cells", "cells", SystemicTable::ColumnType::Count},
                                            {"drug", "mg", SystemicTable::ColumnType::Amount}}))) {
    for (std::int64_t c = 0; c < s.integer("clones", 3, 1, 1000); ++c) {
      const std::size_t row = table_.add_row(static_cast<std::uint64_t>(100 + c));
      table_.counts(0)[row] = s.integer("cells_per_clone", 50, 0);
      table_.amounts(1)[row] = 10.0;
    }
    table_.declare_aggregate("cells", "cells", SystemicTable::AggregateOp::Sum);
    table_.declare_aggregate("clones_present", "cells", SystemicTable::AggregateOp::RowsAboveZero);
    entry_ = sim.parameters().declare("test_blood.entry", "1", s.number("entry", 2, config::Range::non_negative()));
  }
  void install(Simulation& sim) override {
    const std::string patch_name = section_.string("patch");
    Patch* patch = sim.find_patch(patch_name);
    if (patch == nullptr) section_.fail("patch", "no such patch");
    const std::string kind_name = section_.string("kind");
    if (patch->find_kind(kind_name) == nullptr) section_.fail("kind", "no such kind");
    const Region region = read_region(section_.section("entry_region"));
    const double period = section_.quantity("period", "min", "10 min", config::Range::positive());
    sim.scheduler().add_process("test_blood.exchange", Phase::Systemic, sim.ticks_for(period),
                                std::make_unique<Exchange>(*this, patch->uid(), kind_name, region.voxels(patch->lattice())));
  }

 private:
  class Exchange final : public Process {
   public:
    Exchange(TestBlood& m, std::uint16_t patch, std::string kind, std::vector<VoxelIndex> entry)
        : m_(m), patch_(patch), kind_(std::move(kind)), entry_(std::move(entry)) {}
    void run(const StepContext& ctx) override {
      Patch* p = ctx.sim.patch_by_uid(patch_);
      if (p == nullptr) return;
      const auto n = static_cast<std::int64_t>(ctx.sim.parameters().value(m_.entry_));
      for (std::size_t row = 0; row < m_.table_.rows(); ++row) {
        entered_ += static_cast<std::int64_t>(enter_from_table(m_.table_, row, 0, n, *p, *p->find_kind(kind_), entry_,
                                                               "clone", ctx.sim.rng("test_blood.entry"),
                                                               static_cast<std::uint64_t>(ctx.step)));
        m_.table_.amounts(1)[row] *= std::exp(-0.01 * ctx.dt);
      }
    }
    void visit_state(StateVisitor& v) override { v.value("entered", "cells", StateRole::ProcessState, entered_); }

   private:
    TestBlood& m_;
    std::uint16_t patch_;
    std::string kind_;
    std::vector<VoxelIndex> entry_;
    std::int64_t entered_ = 0;
  };

  config::Section section_;
  SystemicTable& table_;
  ParameterHandle entry_;
};

/// test_marks: a voxel array "marks" and a component with its own state (a history of totals).
class MarksComponent final : public PatchComponent {
 public:
  std::vector<double> history;
  [[nodiscard]] std::string_view component_name() const override { return "marks_history"; }
  void visit_state(StateVisitor& v) override { v.array("history", "1", StateRole::ProcessState, history); }
};

class TestMarks final : public Model {
 public:
  TestMarks(const config::Section& s, Patch& patch, const std::string& name)
      : patch_(patch), kind_(s.string("kind")), name_(name) {
    marks_ = patch.voxel_state().declare("marks", "1", patch.lattice().voxel_count(), 0.0);
    component_ = static_cast<MarksComponent*>(&patch.add_component(std::make_unique<MarksComponent>()));
  }
  void install(Simulation& sim) override {
    sim.scheduler().add_process("test_marks." + patch_.name() + "." + name_, Phase::Readout, 5,
                                std::make_unique<Mark>(*this));
  }

 private:
  class Mark final : public Process {
   public:
    explicit Mark(TestMarks& m) : m_(m) {}
    void run(const StepContext&) override {
      AgentKind* k = m_.patch_.find_kind(m_.kind_);
      if (k == nullptr) return;
      auto marks = m_.patch_.voxel_state().values(m_.marks_);
      for (const VoxelIndex v : k->voxels()) marks[v] += 1.0;
      m_.component_->history.push_back(static_cast<double>(k->size()));
    }

   private:
    TestMarks& m_;
  };
  Patch& patch_;
  std::string kind_;
  std::string name_;
  std::size_t marks_;
  MarksComponent* component_;
};

/// test_cell: a mobile kind with a clone column; each run every cell takes one step to a random
/// face neighbour with room and, with probability `leave`, leaves by its route (to the table
/// "blood" or to another patch's kind). Its process counts runs in its own state and coarsens
/// its period to `coarse_period` after `coarsen_after` runs.
class TestCell final : public KindModel {
 public:
  TestCell(const config::Section& s, Patch& patch, const std::string& name)
      : s_(s), patch_(patch), kind_(patch.add_kind(name, Mobility::Mobile, 1)),
        clone_(kind_.declare<std::uint32_t>("clone", "1")), age_(kind_.declare<float>("age", "min")) {
    kind_.set_state_names({"resting", "moving"});  // named, for readouts' `state:`
  }

  void install(Simulation& sim, Patch& patch) override {
    Route route;
    route.name = patch.name() + "." + kind_.name() + ".leave";
    route.from_patch = patch.uid();
    route.from_kind = kind_.name();
    const config::Section to = s_.section("leave_to");
    if (to.has("table")) {
      route.to = Route::To::Table;
      route.table = to.string("table");
      route.column = "cells";
      route.key_column = "clone";
    } else {
      Patch* dest = sim.find_patch(to.string("patch"));
      if (dest == nullptr) to.fail("patch", "no such patch");
      route.to_patch = dest->uid();
      route.to_kind = to.string("kind");
      route.entry_voxels = read_region(to.section("entry_region")).voxels(dest->lattice());
    }
    const std::uint8_t r = sim.add_route(route);
    const double leave = s_.number("leave", 0.05, config::Range::probability());
    auto process = std::make_unique<Step>(*this, r, leave, sim.rng("test_cell." + patch.name() + "." + kind_.name()),
                                          s_.integer("coarsen_after", 1000000, 1), s_.integer("coarse_period", 1, 1));
    sim.scheduler().add_process("test_cell." + patch.name() + "." + kind_.name(), Phase::Move, 1, std::move(process));
    place_agents(kind_, static_cast<std::size_t>(s_.integer("count", 0, 0)), Region{}, patch.lattice(),
                 patch.occupancy(), sim.rng("test_cell.place." + patch.name()), 0);
    const auto clones = kind_.column(clone_);
    for (std::size_t i = 0; i < kind_.size(); ++i) clones[i] = static_cast<std::uint32_t>(100 + i % 3);
  }

 private:
  class Step final : public Process {
   public:
    Step(TestCell& m, std::uint8_t route, double leave, CounterRng rng, std::int64_t coarsen_after,
         std::int64_t coarse_period)
        : m_(m), route_(route), leave_(leave), rng_(rng), coarsen_after_(coarsen_after), coarse_(coarse_period) {}
    void run(const StepContext& ctx) override {
      AgentKind& k = m_.kind_;
      const Lattice& lattice = m_.patch_.lattice();
      Occupancy& occ = m_.patch_.occupancy();
      auto voxels = k.voxels();
      auto age = k.column(m_.age_);
      // Moves in agent order (serial: a test model), then leave requests in parallel.
      for (std::size_t i = 0; i < k.size(); ++i) {
        RandomStream s = rng_.stream(k.ids()[i], static_cast<std::uint64_t>(ctx.step));
        const int face = static_cast<int>(s.uniform() * 6.0);
        const VoxelIndex w = lattice.neighbour(voxels[i], face);
        if (w != kNoVoxel && occ.free(w) >= k.volume()) {
          occ.remove(voxels[i], k.volume());
          occ.add(w, k.volume());
          voxels[i] = w;
        }
        age[i] += static_cast<float>(ctx.dt);
      }
      k.touch();
      ctx.sim.pool().for_each("test_cell.leave", k.size(), [&](std::size_t i) {
        if (rng_.uniform(k.ids()[i] ^ 0x5555, static_cast<std::uint64_t>(ctx.step)) < leave_) {
          k.request_transfer(i, route_);
        }
      });
      k.note_pending();
      if (++runs_ == coarsen_after_) ctx.sim.scheduler().set_period(ctx.id, coarse_, ctx.tick);
    }
    void visit_state(StateVisitor& v) override { v.value("own_runs", "1", StateRole::ProcessState, runs_); }

   private:
    TestCell& m_;
    std::uint8_t route_;
    double leave_;
    CounterRng rng_;
    std::int64_t coarsen_after_, coarse_;
    std::int64_t runs_ = 0;
  };

  config::Section s_;
  Patch& patch_;
  AgentKind& kind_;
  ColumnRef<std::uint32_t> clone_;
  ColumnRef<float> age_;
};

inline void register_test_models(Registry& registry) {
  registry.add_systemic_model("test_blood", [](const config::Section& s, Simulation& sim) {
    return std::make_unique<TestBlood>(s, sim);
  });
  registry.add_patch_model("test_marks", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<TestMarks>(s, patch, name);
  });
  registry.add_kind_model("test_cell", [](const config::Section& s, Patch& patch, const std::string& name) {
    return std::make_unique<TestCell>(s, patch, name);
  });
}

/// A registry with the shipped models and the test models.
inline const Registry& test_registry() {
  static const Registry registry = [] {
    Registry r;
    register_all_models(r);
    register_test_models(r);
    return r;
  }();
  return registry;
}

inline std::unique_ptr<Simulation> test_simulation(const std::string& yaml, int threads = 1) {
  config::Reader reader(config::Tree::load_string(yaml, "test.yaml"));
  auto sim = build_simulation(reader.root(), test_registry(), BuildOptions{{}, threads});
  reader.finish();
  return sim;
}

}  // namespace msabm::testing
