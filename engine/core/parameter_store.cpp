#include "engine/core/parameter_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace msabm {

ParameterHandle ParameterStore::declare(std::string name, std::string units, double base) {
  if (has(name)) throw std::invalid_argument("parameter " + name + " is declared twice");
  names_.push_back(std::move(name));
  units_.push_back(std::move(units));
  base_.push_back(base);
  current_.push_back(base);
  return {static_cast<std::uint32_t>(names_.size() - 1)};
}

bool ParameterStore::has(std::string_view name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

ParameterHandle ParameterStore::handle(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) throw std::invalid_argument("no parameter named " + std::string(name));
  return {static_cast<std::uint32_t>(it - names_.begin())};
}

void ParameterStore::set(ParameterHandle h, double value, std::int64_t from, std::int64_t until) {
  add(h, kSet, value, from, until);
}

void ParameterStore::scale(ParameterHandle h, double factor, std::int64_t from, std::int64_t until) {
  add(h, kScale, factor, from, until);
}

void ParameterStore::add(ParameterHandle h, Op op, double x, std::int64_t from, std::int64_t until) {
  if (h.index >= names_.size()) throw std::out_of_range("parameter handle");
  if (until <= from) return;  // a modification for no time changes nothing
  mod_param_.push_back(h.index);
  mod_op_.push_back(op);
  mod_value_.push_back(x);
  mod_until_.push_back(until);
  recompute();
}

void ParameterStore::update(std::int64_t tick) {
  std::size_t kept = 0;
  for (std::size_t m = 0; m < mod_param_.size(); ++m) {
    if (mod_until_[m] <= tick) continue;
    mod_param_[kept] = mod_param_[m];
    mod_op_[kept] = mod_op_[m];
    mod_value_[kept] = mod_value_[m];
    mod_until_[kept] = mod_until_[m];
    ++kept;
  }
  if (kept == mod_param_.size()) return;
  mod_param_.resize(kept);
  mod_op_.resize(kept);
  mod_value_.resize(kept);
  mod_until_.resize(kept);
  recompute();
}

std::int64_t ParameterStore::next_change_after(std::int64_t tick) const {
  std::int64_t next = kForever;
  for (const std::int64_t until : mod_until_) {
    if (until > tick) next = std::min(next, until);
  }
  return next;
}

void ParameterStore::recompute() {
  current_ = base_;
  // Sets first (the latest wins), then every scale: "scale by 0.1 for 6 months" on top of a
  // set keeps meaning a tenth of the set value.
  for (std::size_t m = 0; m < mod_param_.size(); ++m) {
    if (mod_op_[m] == kSet) current_[mod_param_[m]] = mod_value_[m];
  }
  for (std::size_t m = 0; m < mod_param_.size(); ++m) {
    if (mod_op_[m] == kScale) current_[mod_param_[m]] *= mod_value_[m];
  }
}

void ParameterStore::visit_state(StateVisitor& v) {
  const StateGroup g(v, "parameters");
  std::string names;
  for (const auto& n : names_) names += n + "\n";
  const std::string declared = names;
  v.text("names", StateRole::Structure, names);
  if (v.restoring() && names != declared) {
    throw StateMismatch("the checkpoint's model parameters differ from the config's");
  }
  // Base values are config (the same on restart), but hashing them ties a digest to them.
  v.array("base", "various", StateRole::Parameter, base_);
  v.array("modification.parameter", "1", StateRole::Parameter, mod_param_);
  v.array("modification.op", "1", StateRole::Parameter, mod_op_);
  v.array("modification.value", "various", StateRole::Parameter, mod_value_);
  v.array("modification.until_tick", "1", StateRole::Parameter, mod_until_);
  if (v.restoring()) {
    const std::size_t n = mod_param_.size();
    if (base_.size() != names_.size() || mod_op_.size() != n || mod_value_.size() != n || mod_until_.size() != n) {
      throw StateMismatch("parameter store arrays differ in length");
    }
    for (const auto p : mod_param_) {
      if (p >= names_.size()) throw StateMismatch("a parameter modification names no parameter");
    }
    recompute();  // current values follow from base and modifications
  }
}

}  // namespace msabm
