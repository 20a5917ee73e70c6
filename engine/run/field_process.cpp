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

void install_field_processes(Simulation& sim) {
  for (Patch& patch : sim.patches()) {
    if (patch.fields() == nullptr || patch.fields()->size() == 0) continue;
    sim.scheduler().add_process("fields." + patch.name(), Phase::Fields, 1,
                                std::make_unique<FieldProcess>(*patch.fields()));
  }
}

}  // namespace msabm
