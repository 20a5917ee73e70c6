#include "engine/model/registry.hpp"

#include <stdexcept>

namespace msabm {

namespace {
template <class Map, class F>
void add_unique(Map& map, const std::string& name, F factory, const char* what) {
  if (!map.emplace(name, std::move(factory)).second) {
    throw std::logic_error(std::string(what) + " registered twice: " + name);
  }
}
template <class Map>
auto find_in(const Map& map, const std::string& name) -> const typename Map::mapped_type* {
  auto it = map.find(name);
  return it == map.end() ? nullptr : &it->second;
}
template <class Map>
std::vector<std::string> names_of(const Map& map) {
  std::vector<std::string> names;
  for (const auto& [name, f] : map) names.push_back(name);
  return names;
}
}  // namespace

void Registry::add_patch_model(const std::string& name, PatchModelFactory factory) {
  add_unique(patch_models_, name, std::move(factory), "patch model");
}
void Registry::add_systemic_model(const std::string& section, SystemicModelFactory factory) {
  add_unique(systemic_models_, section, std::move(factory), "systemic model");
}
void Registry::add_readout(const std::string& name, ReadoutFactory factory) {
  add_unique(readouts_, name, std::move(factory), "readout");
}
const PatchModelFactory* Registry::patch_model(const std::string& name) const { return find_in(patch_models_, name); }
const ReadoutFactory* Registry::readout(const std::string& name) const { return find_in(readouts_, name); }
std::vector<std::string> Registry::patch_model_names() const { return names_of(patch_models_); }
std::vector<std::string> Registry::readout_names() const { return names_of(readouts_); }

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

void Registry::document(ModelSlot slot, const std::string& name, ModelDoc doc) {
  if (!docs_.emplace(std::pair(slot, name), std::move(doc)).second) {
    throw std::logic_error("model documented twice: " + name);
  }
}

const ModelDoc* Registry::doc(ModelSlot slot, const std::string& name) const {
  auto it = docs_.find(std::pair(slot, name));
  return it == docs_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::action_names() const {
  std::vector<std::string> names;
  for (const auto& [name, f] : actions_) names.push_back(name);
  return names;
}

}  // namespace msabm
