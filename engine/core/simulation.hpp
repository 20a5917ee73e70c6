#pragma once
// A whole run: patches, systemic tables, parameters, the protocol, the scheduler with its
// processes, routes between places, the clock, the seed and the thread budget. It owns no
// biology; models install kinds, processes, tables, parameters, events and readouts into it.
//
// Patches are held through stable pointers and named by a uid that is never reused, so models
// may keep references to them and patches may be created and removed while the run goes on
// (from a patch template of the config); a restart recreates them from the checkpoint.
//
// Time: advance() runs the current tick, then jumps over ticks at which nothing is due (no
// event, process, parameter change or sort), which leaves the state exactly as stepping through
// them would. A run where little happens thus costs what happens, not its length in ticks.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/parallel.hpp"
#include "engine/core/parameter_store.hpp"
#include "engine/core/patch.hpp"
#include "engine/core/protocol.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/scheduler.hpp"
#include "engine/core/state.hpp"
#include "engine/core/systemic_table.hpp"
#include "engine/core/transfers.hpp"

namespace msabm {

struct ClockSettings {
  double step = 1.0;      ///< base tick, min
  double duration = 0.0;  ///< simulated span, min
  double day_zero = 0.0;  ///< simulated time of the protocol's day 0, min after the start
};

/// A scalar measured from the state (e.g. "targets killed"), reported in summaries and series.
struct Readout {
  std::string name;
  std::string units;
  std::function<double(const Simulation&)> measure;
  /// The patch (uid) it belongs to, set from the scheduler's default owner: removed with it.
  std::uint16_t owner = Scheduler::kNoOwner;
};

/// Builds a patch from a template of the config (name, uid) and installs its models.
using PatchBuilder =
    std::function<Patch&(Simulation&, const std::string& template_name, const std::string& name, std::uint16_t uid)>;

/// A view of the live patches in creation order that iterates as Patch&.
class PatchList {
 public:
  using Store = std::vector<std::unique_ptr<Patch>>;
  template <class It, class P>
  struct Iter {
    It it;
    P& operator*() const { return **it; }
    P* operator->() const { return it->get(); }
    Iter& operator++() { ++it; return *this; }
    bool operator!=(const Iter& o) const { return it != o.it; }
    bool operator==(const Iter& o) const { return it == o.it; }
  };
  explicit PatchList(const Store& s) : s_(s) {}
  [[nodiscard]] std::size_t size() const { return s_.size(); }
  [[nodiscard]] bool empty() const { return s_.empty(); }
  Patch& operator[](std::size_t i) const { return *s_[i]; }
  [[nodiscard]] Iter<Store::const_iterator, Patch> begin() const { return {s_.begin()}; }
  [[nodiscard]] Iter<Store::const_iterator, Patch> end() const { return {s_.end()}; }

 private:
  const Store& s_;
};

class Simulation {
 public:
  Simulation(std::uint64_t seed, ClockSettings clock, int threads);
  ~Simulation();

  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  [[nodiscard]] const ClockSettings& clock() const { return clock_; }
  [[nodiscard]] std::int64_t tick() const { return tick_; }
  [[nodiscard]] std::int64_t total_ticks() const { return total_ticks_; }
  [[nodiscard]] double time() const { return static_cast<double>(tick_) * clock_.step; }
  /// Simulated time relative to the protocol's day 0, min.
  [[nodiscard]] double protocol_time() const { return time() - clock_.day_zero; }
  [[nodiscard]] bool finished() const { return tick_ >= total_ticks_ || !end_reason_.empty(); }
  /// Ends the run after the current tick, before its duration (a model's terminal event, e.g.
  /// the patient died); `reason` goes to summary.json. The first reason given is kept.
  void end_early(std::string reason) {
    if (end_reason_.empty()) end_reason_ = std::move(reason);
  }
  /// Why the run ended before its duration ("" when it did not).
  [[nodiscard]] const std::string& end_reason() const { return end_reason_; }
  /// Converts a period to whole ticks; throws std::invalid_argument when it is not a multiple.
  [[nodiscard]] std::int64_t ticks_for(double period) const;
  /// The first tick at or after simulated time `t` (min since the start).
  [[nodiscard]] std::int64_t tick_at_or_after(double t) const;

  [[nodiscard]] ThreadPool& pool() { return pool_; }
  [[nodiscard]] Scheduler& scheduler() { return scheduler_; }
  [[nodiscard]] const Scheduler& scheduler() const { return scheduler_; }
  [[nodiscard]] Protocol& protocol() { return protocol_; }
  [[nodiscard]] const Protocol& protocol() const { return protocol_; }
  [[nodiscard]] ParameterStore& parameters() { return parameters_; }
  [[nodiscard]] const ParameterStore& parameters() const { return parameters_; }
  /// A generator for one purpose, keyed by this run's seed.
  [[nodiscard]] CounterRng rng(std::string_view purpose) const { return {seed_, purpose}; }

  // Patches.
  Patch& add_patch(const std::string& name, const LatticeShape& shape, std::uint16_t capacity,
                   std::vector<std::string> label_names);
  [[nodiscard]] PatchList patches() const { return PatchList(patches_); }
  [[nodiscard]] Patch* find_patch(const std::string& name) const;
  /// The live patch with this uid, or nullptr (removed, or never created).
  [[nodiscard]] Patch* patch_by_uid(std::uint16_t uid) const;
  void set_patch_builder(PatchBuilder builder) { builder_ = std::move(builder); }
  [[nodiscard]] bool has_patch_template(const std::string& name) const;
  void add_patch_template(const std::string& name) { templates_.push_back(name); }
  /// Creates a patch from a template (from protocol actions or between ticks).
  Patch& create_patch(const std::string& template_name, const std::string& name);
  /// Removes a patch, its agents and its processes.
  void remove_patch(std::uint16_t uid);

  /// Keeps an object (a model that its processes refer to) alive as long as the simulation,
  /// or until the patch `owner` is removed.
  void keep_alive(std::shared_ptr<void> object, std::uint16_t owner = Scheduler::kNoOwner);

  // Systemic state.
  SystemicTable& add_table(SystemicTable table);
  [[nodiscard]] SystemicTable* find_table(std::string_view name) const;
  [[nodiscard]] const std::vector<std::unique_ptr<SystemicTable>>& tables() const { return tables_; }

  // Transfers.
  /// Adds a route for agents of `route.from_kind` in patch `route.from_patch`; returns its
  /// number for AgentKind::request_transfer. Throws std::invalid_argument on unknown places.
  std::uint8_t add_route(Route route);
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }
  [[nodiscard]] std::int64_t delivered(std::size_t route) const { return delivered_[route]; }
  [[nodiscard]] std::int64_t refused(std::size_t route) const { return refused_[route]; }

  void add_readout(Readout readout);
  [[nodiscard]] const std::vector<Readout>& readouts() const { return readouts_; }
  [[nodiscard]] const Readout* find_readout(std::string_view name) const;

  /// Runs one tick: parameter changes, events and processes due, transfers, births and deaths;
  /// then the clock advances by one tick.
  void step();
  /// Runs the current tick, then advances the clock to the next tick at which something is
  /// due, but not beyond `limit` (nor the end of the run).
  void advance(std::int64_t limit);
  /// The first tick at or after the current one at which anything is due (between ticks: the
  /// current tick has not run yet).
  [[nodiscard]] std::int64_t next_due_tick() const;
  /// Wall time spent between ticks applying births and deaths and sorting agents (a measure
  /// of this run, not state).
  [[nodiscard]] double housekeeping_seconds() const { return housekeeping_seconds_; }
  /// Ticks actually run (a measure, not state).
  [[nodiscard]] std::int64_t ticks_run() const { return ticks_run_; }

  /// Lists the complete state (see state.hpp): clock, patches that exist, parameters,
  /// protocol, tables, transfers, process clocks and state, patches.
  void visit_state(StateVisitor& v);
  /// Hash over the complete state.
  [[nodiscard]] std::string state_digest() const;

  /// Agents are re-sorted by voxel every this many ticks (0: never).
  void set_sort_interval(std::int64_t ticks) { sort_interval_ = ticks; }

 private:
  void run_current_tick();
  void deliver_transfers();
  void sort_agents(bool static_kinds_too);
  [[nodiscard]] std::int64_t next_sort_tick() const;
  void reconcile_patches(const std::string& live);
  [[nodiscard]] std::string live_patches_text() const;

  std::uint64_t seed_;
  ClockSettings clock_;
  std::int64_t tick_ = 0;
  std::string end_reason_;  ///< set by end_early(): the run stops after the current tick
  std::int64_t total_ticks_ = 0;
  std::int64_t sort_interval_ = 0;
  double housekeeping_seconds_ = 0;
  std::int64_t ticks_run_ = 0;
  ThreadPool pool_;
  Scheduler scheduler_;
  Protocol protocol_;
  ParameterStore parameters_;
  std::vector<std::unique_ptr<Patch>> patches_;
  std::vector<std::string> templates_;
  std::uint16_t next_patch_uid_ = 0;
  PatchBuilder builder_;
  std::vector<std::unique_ptr<SystemicTable>> tables_;
  std::vector<Route> routes_;
  /// Per route, derived from it and the kinds' declared columns when it is added.
  struct RoutePlan {
    std::vector<int> column_map;  ///< destination column -> source column (AgentKind::column_map_from)
    int key_column = -1;          ///< source column keying the table row (-1: key 0)
    std::size_t table_column = 0;
  };
  std::vector<RoutePlan> route_plans_;
  std::vector<std::int64_t> delivered_;
  std::vector<std::int64_t> refused_;
  std::vector<Readout> readouts_;
  std::vector<std::pair<std::uint16_t, std::shared_ptr<void>>> kept_;
};

}  // namespace msabm
