#include "engine/run/field_process.hpp"

#include "engine/core/simulation.hpp"
#include "engine/fields/field_set.hpp"

namespace msabm {

namespace {
class FieldProcess final : public Process {
 public:
  explicit FieldProcess(fields::FieldSet& fields) : fields_(fields) {}
  void run(const StepContext& ctx) override { fields_.step(ctx.dt, ctx.sim.pool()); }

 private:
  fields::FieldSet& fields_;
};
}  // namespace

void install_field_process(Simulation& sim, Patch& patch, std::int64_t period_ticks) {
  if (patch.fields() == nullptr || patch.fields()->size() == 0) return;
  sim.scheduler().add_process("fields." + patch.name(), Phase::Fields, period_ticks,
                              std::make_unique<FieldProcess>(*patch.fields()), sim.tick());
}

std::int64_t field_period_ticks(const Simulation& sim, const Patch& patch) {
  const Scheduler::Entry* e = sim.scheduler().find("fields." + patch.name());
  return e == nullptr ? 1 : e->period_ticks;
}

}  // namespace msabm
