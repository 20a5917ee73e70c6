#include "engine/model/registry.hpp"

#include <stdexcept>

namespace msabm {

void Registry::add_kind_model(const std::string& name, KindModelFactory factory) {
  if (!kind_models_.emplace(name, std::move(factory)).second) {
    throw std::logic_error("kind model registered twice: " + name);
  }
}

void Registry::add_action(const std::string& name, ActionFactory factory) {
  if (!actions_.emplace(name, std::move(factory)).second) {
    throw std::logic_error("action registered twice: " + name);
  }
}

const KindModelFactory* Registry::kind_model(const std::string& name) const {
  auto it = kind_models_.find(name);
  return it == kind_models_.end() ? nullptr : &it->second;
}

const ActionFactory* Registry::action(const std::string& name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::kind_model_names() const {
  std::vector<std::string> names;
  for (const auto& [name, f] : kind_models_) names.push_back(name);
  return names;
}

std::vector<std::string> Registry::action_names() const {
  std::vector<std::string> names;
  for (const auto& [name, f] : actions_) names.push_back(name);
  return names;
}

}  // namespace msabm
