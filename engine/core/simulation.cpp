#include "engine/core/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "engine/core/state_digest.hpp"

namespace msabm {

Simulation::Simulation(std::uint64_t seed, ClockSettings clock, int threads)
    : seed_(seed), clock_(clock), pool_(threads) {
  if (!(clock.step > 0)) throw std::invalid_argument("time step must be positive");
  total_ticks_ = static_cast<std::int64_t>(std::llround(clock.duration / clock.step));
}

Simulation::~Simulation() = default;

std::int64_t Simulation::ticks_for(double period) const {
  const double ratio = period / clock_.step;
  const auto ticks = static_cast<std::int64_t>(std::llround(ratio));
  if (ticks < 1 || std::abs(ratio - static_cast<double>(ticks)) > 1e-9 * ratio) {
    throw std::invalid_argument("period is not a whole multiple of the base time step");
  }
  return ticks;
}

std::int64_t Simulation::tick_at_or_after(double t) const {
  // A tiny slack absorbs round-off in times written in other units ("2 h" vs ticks).
  return static_cast<std::int64_t>(std::ceil(t / clock_.step - 1e-9));
}

// ---- patches --------------------------------------------------------------------------------

Patch& Simulation::add_patch(const std::string& name, const LatticeShape& shape, std::uint16_t capacity,
                             std::vector<std::string> label_names) {
  if (find_patch(name) != nullptr) throw std::invalid_argument("two patches are named " + name);
  if (next_patch_uid_ == 0xFFFF) throw std::length_error("too many patches in one run");
  patches_.push_back(std::make_unique<Patch>(name, shape, capacity, std::move(label_names), next_patch_uid_++));
  return *patches_.back();
}

Patch* Simulation::find_patch(const std::string& name) const {
  for (const auto& p : patches_) {
    if (p->name() == name) return p.get();
  }
  return nullptr;
}

Patch* Simulation::patch_by_uid(std::uint16_t uid) const {
  for (const auto& p : patches_) {
    if (p->uid() == uid) return p.get();
  }
  return nullptr;
}

bool Simulation::has_patch_template(const std::string& name) const {
  return std::find(templates_.begin(), templates_.end(), name) != templates_.end();
}

Patch& Simulation::create_patch(const std::string& template_name, const std::string& name) {
  if (!builder_ || !has_patch_template(template_name)) {
    throw std::invalid_argument("no patch template named " + template_name);
  }
  if (find_patch(name) != nullptr) throw std::invalid_argument("a patch named " + name + " exists already");
  const std::uint16_t uid = next_patch_uid_;
  const std::uint16_t owner = scheduler_.default_owner();
  scheduler_.set_default_owner(uid);
  try {
    Patch& patch = builder_(*this, template_name, name, uid);
    scheduler_.set_default_owner(owner);
    patch.set_template_name(template_name);
    return patch;
  } catch (...) {
    scheduler_.set_default_owner(owner);
    throw;
  }
}

void Simulation::remove_patch(std::uint16_t uid) {
  for (std::size_t i = 0; i < patches_.size(); ++i) {
    if (patches_[i]->uid() != uid) continue;
    scheduler_.remove_owned_by(uid);
    std::erase_if(readouts_, [uid](const Readout& r) { return r.owner == uid; });
    std::erase_if(kept_, [uid](const auto& k) { return k.first == uid; });
    patches_.erase(patches_.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
  throw std::invalid_argument("no live patch with uid " + std::to_string(uid));
}

std::string Simulation::live_patches_text() const {
  std::string text;
  for (const auto& p : patches_) {
    // Tab-separated: names are YAML keys and may hold spaces.
    text += std::to_string(p->uid()) + "\t" + p->name() + "\t" +
            (p->template_name().empty() ? "-" : p->template_name()) + "\n";
  }
  return text;
}

void Simulation::reconcile_patches(const std::string& live) {
  // The config built its own patches (uids 0..n-1); the checkpoint says which exist now: drop
  // those removed since, then recreate the run-time ones, in their order of creation.
  struct Live {
    std::uint16_t uid;
    std::string name, template_name;
  };
  std::vector<Live> wanted;
  std::istringstream in(live);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string uid_text;
    Live l;
    if (!std::getline(fields, uid_text, '\t') || !std::getline(fields, l.name, '\t') ||
        !std::getline(fields, l.template_name) || uid_text.empty() || uid_text.size() > 5 ||
        uid_text.find_first_not_of("0123456789") != std::string::npos || std::stol(uid_text) >= 0xFFFF) {
      throw StateMismatch("the list of live patches is damaged");
    }
    l.uid = static_cast<std::uint16_t>(std::stol(uid_text));
    wanted.push_back(std::move(l));
  }
  std::vector<std::uint16_t> removed;
  for (const auto& p : patches_) {
    const bool kept = std::any_of(wanted.begin(), wanted.end(), [&](const Live& l) { return l.uid == p->uid(); });
    if (!kept) removed.push_back(p->uid());
  }
  for (const auto uid : removed) remove_patch(uid);
  for (const Live& l : wanted) {
    if (Patch* p = patch_by_uid(l.uid)) {
      if (p->name() != l.name) throw StateMismatch("patch " + std::to_string(l.uid) + " is " + l.name +
                                                   " in the checkpoint, " + p->name() + " in the config");
      continue;
    }
    if (l.template_name == "-" || !has_patch_template(l.template_name)) {
      throw StateMismatch("patch " + l.name + " comes from template '" + l.template_name +
                          "', which the config does not define");
    }
    next_patch_uid_ = l.uid;
    create_patch(l.template_name, l.name);
  }
}

// ---- tables, routes, readouts ---------------------------------------------------------------

SystemicTable& Simulation::add_table(SystemicTable table) {
  if (find_table(table.name()) != nullptr) throw std::invalid_argument("two tables are named " + table.name());
  tables_.push_back(std::make_unique<SystemicTable>(std::move(table)));
  return *tables_.back();
}

SystemicTable* Simulation::find_table(std::string_view name) const {
  for (const auto& t : tables_) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

std::uint8_t Simulation::add_route(Route route) {
  if (routes_.size() >= AgentKind::kMaxRoutes) throw std::invalid_argument("too many transfer routes");
  Patch* from = patch_by_uid(route.from_patch);
  if (from == nullptr || from->find_kind(route.from_kind) == nullptr) {
    throw std::invalid_argument("route " + route.name + ": no agent kind " + route.from_kind + " where it starts");
  }
  if (route.to == Route::To::Patch) {
    Patch* to = patch_by_uid(route.to_patch);
    if (to == nullptr || to->find_kind(route.to_kind) == nullptr) {
      throw std::invalid_argument("route " + route.name + ": no agent kind " + route.to_kind + " where it ends");
    }
    for (const VoxelIndex v : route.entry_voxels) {
      if (v >= to->lattice().voxel_count()) throw std::invalid_argument("route " + route.name + ": entry voxel outside");
    }
  } else {
    SystemicTable* t = find_table(route.table);
    if (t == nullptr) throw std::invalid_argument("route " + route.name + ": no table " + route.table);
    if (t->column_spec(t->column_index(route.column)).type != SystemicTable::ColumnType::Count) {
      throw std::invalid_argument("route " + route.name + ": column " + route.column + " does not hold counts");
    }
  }
  // What delivering an agent needs, found once: the same-named columns of the two kinds, the
  // agent column that keys the table row, the table column counted into.
  RoutePlan plan;
  const AgentKind& from_kind = *from->find_kind(route.from_kind);
  if (route.to == Route::To::Patch) {
    plan.column_map = patch_by_uid(route.to_patch)->find_kind(route.to_kind)->column_map_from(from_kind);
  } else {
    const SystemicTable& t = *find_table(route.table);
    plan.table_column = t.column_index(route.column);
    for (std::size_t c = 0; c < from_kind.columns().size(); ++c) {
      if (from_kind.columns()[c].name == route.key_column) plan.key_column = static_cast<int>(c);
    }
  }
  route_plans_.push_back(std::move(plan));
  routes_.push_back(std::move(route));
  delivered_.push_back(0);
  refused_.push_back(0);
  return static_cast<std::uint8_t>(routes_.size() - 1);
}

void Simulation::keep_alive(std::shared_ptr<void> object, std::uint16_t owner) {
  kept_.emplace_back(owner, std::move(object));
}

void Simulation::add_readout(Readout readout) {
  if (readout.owner == Scheduler::kNoOwner) readout.owner = scheduler_.default_owner();
  readouts_.push_back(std::move(readout));
}

const Readout* Simulation::find_readout(std::string_view name) const {
  for (const auto& r : readouts_) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// ---- time -----------------------------------------------------------------------------------

void Simulation::run_current_tick() {
  // Agents are placed in random order; sorted, their voxels are visited in memory order from
  // the first step on (a restart sees tick > 0 and keeps the checkpointed order). Static kinds
  // too, once: they stay sorted until they divide.
  if (tick_ == 0 && sort_interval_ > 0) sort_agents(true);
  parameters_.update(tick_);
  protocol_.fire_due(*this, tick_);
  scheduler_.run_tick(*this, tick_, time(), clock_.step);
  const auto start = std::chrono::steady_clock::now();
  deliver_transfers();
  for (auto& p : patches_) p->commit_changes();
  ++ticks_run_;
  housekeeping_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::step() {
  run_current_tick();
  ++tick_;
  if (!end_reason_.empty()) return;  // ended early: no jump past the tick it ended on
  if (sort_interval_ > 0 && tick_ % sort_interval_ == 0) sort_agents(false);
}

std::int64_t Simulation::next_sort_tick() const {
  if (sort_interval_ <= 0) return Scheduler::kNever;
  for (const auto& p : patches_) {
    for (const auto& k : p->kinds()) {
      if (k->mobility() == Mobility::Mobile && k->needs_sort()) {
        return (tick_ + sort_interval_ - 1) / sort_interval_ * sort_interval_;
      }
    }
  }
  return Scheduler::kNever;
}

std::int64_t Simulation::next_due_tick() const {
  std::int64_t next = std::min({scheduler_.next_due(), protocol_.next_due(), parameters_.next_change_after(tick_)});
  next = std::max(next, tick_);
  return std::min(next, next_sort_tick());
}

void Simulation::advance(std::int64_t limit) {
  run_current_tick();
  ++tick_;
  if (!end_reason_.empty()) return;  // ended early: no jump past the tick it ended on
  // A sort is due at multiples of the interval; one that falls in the jump is done now, at the
  // multiple it was due (moved agents are sorted; unmoved ones would not change).
  const std::int64_t target = std::max(std::min({next_due_tick(), limit, total_ticks_}), tick_);
  if (sort_interval_ > 0) {
    const std::int64_t sort_at = (target / sort_interval_) * sort_interval_;
    if (sort_at >= tick_) sort_agents(false);
  }
  tick_ = target;
}

void Simulation::sort_agents(bool static_kinds_too) {
  const auto start = std::chrono::steady_clock::now();
  for (auto& p : patches_) {
    for (auto& k : p->kinds()) {
      if (static_kinds_too || k->mobility() == Mobility::Mobile) {
        k->sort_by_voxel(p->lattice().voxel_count(), pool());
      }
    }
  }
  housekeeping_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---- transfers ------------------------------------------------------------------------------

void Simulation::deliver_transfers() {
  if (routes_.empty()) return;
  const CounterRng rng = this->rng("engine.transfer");
  for (auto& source : patches_) {
    for (auto& kind : source->kinds()) {
      if (!kind->has_pending_changes()) continue;
      for (std::size_t i = 0; i < kind->size(); ++i) {
        const int r = kind->transfer_route(i);
        if (r < 0) continue;
        const std::size_t ri = static_cast<std::size_t>(r);
        const Route* route = ri < routes_.size() ? &routes_[ri] : nullptr;
        bool leaves = false;
        if (route != nullptr && route->from_patch == source->uid() && route->from_kind == kind->name()) {
          const RoutePlan& plan = route_plans_[ri];
          if (route->to == Route::To::Table) {
            SystemicTable& table = *find_table(route->table);
            std::uint64_t key = 0;
            if (plan.key_column >= 0) {
              key = std::visit([i](const auto& v) { return static_cast<std::uint64_t>(v[i]); },
                               kind->columns()[static_cast<std::size_t>(plan.key_column)].values);
            }
            // The row first: adding it for a new key reallocates the columns.
            const std::size_t row = table.row_for(key);
            ++table.counts(plan.table_column)[row];
            leaves = true;
          } else if (Patch* dest = patch_by_uid(route->to_patch)) {
            AgentKind& to = *dest->find_kind(route->to_kind);
            // Candidates: the entry voxels, or (none given) the agent's own voxel index.
            const auto& entries = route->entry_voxels;
            const std::size_t n = entries.empty() ? 1 : entries.size();
            const auto first = static_cast<std::size_t>(
                rng.uniform(kind->ids()[i], static_cast<std::uint64_t>(tick_)) * static_cast<double>(n)) % n;
            for (std::size_t k = 0; k < n && !leaves; ++k) {
              const VoxelIndex v = entries.empty() ? kind->voxels()[i] : entries[(first + k) % n];
              if (v >= dest->lattice().voxel_count() || dest->occupancy().free(v) < to.volume()) continue;
              to.append_copy(*kind, i, v, plan.column_map);
              dest->occupancy().add(v, to.volume());
              leaves = true;
            }
          }
        }
        kind->settle_transfer(i, leaves);
        if (route != nullptr) ++(leaves ? delivered_ : refused_)[ri];
      }
    }
  }
}

// ---- state ----------------------------------------------------------------------------------

void Simulation::visit_state(StateVisitor& v) {
  {
    const StateGroup g(v, "simulation");
    v.value("seed", "1", StateRole::Structure, seed_);
    v.value("tick", "1", StateRole::Clock, tick_);
    v.value("time_step", "min", StateRole::Clock, clock_.step);
    std::uint16_t next_uid = next_patch_uid_;
    v.value("next_patch_uid", "1", StateRole::Structure, next_uid);
    std::string live = live_patches_text();
    v.text("live_patches", StateRole::Structure, live);
    if (v.restoring()) {
      reconcile_patches(live);
      next_patch_uid_ = next_uid;
      if (live != live_patches_text()) throw StateMismatch("the live patches could not be recreated");
    }
  }
  parameters_.visit_state(v);
  protocol_.visit_state(v);
  {
    const StateGroup g(v, "tables");
    for (auto& t : tables_) t->visit_state(v);
  }
  {
    const StateGroup g(v, "transfers");
    v.array("delivered", "1", StateRole::Structure, delivered_);
    v.array("refused", "1", StateRole::Structure, refused_);
    if (v.restoring() && (delivered_.size() != routes_.size() || refused_.size() != routes_.size())) {
      throw StateMismatch("the checkpoint has another number of transfer routes than the config");
    }
  }
  scheduler_.visit_state(v);
  const StateGroup g(v, "patches");
  for (auto& p : patches_) p->visit_state(v);
}

namespace {
/// Hashes every item under its full path, so that moving bytes from one item to another
/// changes the digest.
class DigestVisitor final : public PathVisitor {
 public:
  StateDigest digest;

 protected:
  void on_item(const std::string& path, StateItem& item) override {
    digest.add_bytes(path, item.data, item.bytes());
  }
};
}  // namespace

std::string Simulation::state_digest() const {
  DigestVisitor d;
  visit_const(*this, d);
  return d.digest.hex();
}

}  // namespace msabm
