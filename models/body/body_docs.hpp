#pragma once
// The descriptions (msabm describe) of the body model and its treatment actions.
#include "engine/model/registry.hpp"

namespace msabm::body {

/// configs/body/patient.yaml as shipped (generated into the build: patient_yaml.cpp.in).
extern const char* const kPatientYaml;

void register_body_docs(Registry& registry);

}  // namespace msabm::body
