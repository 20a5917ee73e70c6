#pragma once
// Advances a patch's diffusing fields at their own period, in the Fields phase: after agents
// sensed, secreted and took up in the same tick, so that secretion and uptake enter the field
// in the step in which they happen. Models that secrete find the period as the process
// "fields.<patch>" (field_period_ticks) and record their terms at the same period.
#include <cstdint>

namespace msabm {

class Patch;
class Simulation;

void install_field_process(Simulation& sim, Patch& patch, std::int64_t period_ticks);
/// The period of a patch's field process in ticks (1 when the patch has no fields).
std::int64_t field_period_ticks(const Simulation& sim, const Patch& patch);

}  // namespace msabm
