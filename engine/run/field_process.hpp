#pragma once
// Advances every patch's diffusing fields once per base tick, in the Fields phase (before agents
// sense them). Patches without fields are skipped.
namespace msabm {

class Simulation;

void install_field_processes(Simulation& sim);

}  // namespace msabm
