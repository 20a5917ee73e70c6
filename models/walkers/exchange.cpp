#include "models/walkers/exchange.hpp"

#include <fmt/format.h>

#include "engine/fields/field_config.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/units/quantity.hpp"

namespace msabm::walkers {

std::vector<ExchangeParams> read_exchange(const config::Section& kind_section, const Patch& patch) {
  std::vector<ExchangeParams> out;
  for (const config::Section& e : kind_section.list("exchange")) {
    const std::string name = e.string("field");
    const fields::FieldSet* f = patch.fields();
    const int index = f == nullptr ? -1 : f->index_of(name);
    if (index < 0) e.fail("field", fmt::format("patch '{}' has no field '{}'", patch.name(), name));
    ExchangeParams p;
    p.field = index;
    // Field values are kept in the declared units, so rates are converted into declared
    // units x um^3 / min (units::parse_unit gives the declared unit's internal factor).
    const std::string& units = f->spec(index).units;
    const std::string rate_unit = fields::rate_unit(units);
    p.secretion = e.quantity("secretion", rate_unit, "0 " + rate_unit, config::Range::non_negative()) /
                  units::parse_unit(units).value;
    p.uptake = e.quantity("uptake", "1/min", "0 1/min", config::Range::non_negative());
    out.push_back(p);
  }
  return out;
}

ExchangeProcess::ExchangeProcess(Patch& patch, AgentKind& kind, ExchangeParams params)
    : patch_(patch), kind_(kind), params_(params) {}

void ExchangeProcess::run(const StepContext& /*ctx*/) {
  fields::FieldSet& fields = *patch_.fields();
  if (params_.secretion > 0) {
    rates_.assign(kind_.size(), params_.secretion);
    fields.add_secretion(params_.field, kind_.voxels(), rates_);
  }
  if (params_.uptake > 0) {
    rates_.assign(kind_.size(), params_.uptake);
    fields.add_uptake(params_.field, kind_.voxels(), rates_);
  }
}

}  // namespace msabm::walkers
