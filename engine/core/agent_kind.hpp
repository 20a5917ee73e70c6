#pragma once
// Structure-of-arrays storage for all agents of one kind in one patch. Every agent has a stable
// 64-bit id, a voxel and a small state code; models add typed per-agent variables as further
// columns. Births and deaths requested during a parallel phase are written into per-agent slots
// and applied afterwards by commit(), in agent order, so the result is thread-count independent.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "engine/core/lattice.hpp"
#include "engine/core/state.hpp"

namespace msabm {

class Occupancy;
class ThreadPool;

/// How agents of a kind behave with respect to the lattice.
enum class Mobility : std::uint8_t { Static, Mobile };

/// Handle of a typed per-agent variable, returned by AgentKind::declare.
template <class T>
struct ColumnRef {
  std::size_t index;
};

/// Storage of one model-declared column.
struct ColumnData {
  using Values = std::variant<std::vector<std::uint8_t>, std::vector<std::int32_t>,
                              std::vector<std::uint32_t>, std::vector<std::uint64_t>,
                              std::vector<float>, std::vector<double>>;
  std::string name;
  std::string units;  ///< "1" for dimensionless
  Values values;
};

/// An agent's id is its birth certificate, unique in the whole run and kept when the agent moves
/// to another patch: the kind's index in its patch of birth (top 8 bits), that patch's uid (next
/// 16 bits) and a serial within the kind (low 40 bits). Patch uid 0, the first patch, gives the
/// ids of the single-patch layout.
constexpr int kIdSerialBits = 40;

class AgentKind {
 public:
  /// `index` is the kind's number within its patch and `patch_uid` the patch's stable number;
  /// both are part of every id born here.
  AgentKind(std::string name, std::uint8_t index, Mobility mobility, std::uint16_t volume,
            std::uint16_t patch_uid = 0);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::uint8_t index() const { return index_; }
  [[nodiscard]] Mobility mobility() const { return mobility_; }
  /// Occupancy units one agent takes in its voxel.
  [[nodiscard]] std::uint16_t volume() const { return volume_; }
  [[nodiscard]] std::size_t size() const { return ids_.size(); }

  std::span<std::uint64_t> ids() { return ids_; }
  std::span<const std::uint64_t> ids() const { return ids_; }
  std::span<VoxelIndex> voxels() { return voxels_; }
  std::span<const VoxelIndex> voxels() const { return voxels_; }
  std::span<std::uint8_t> states() { return states_; }
  std::span<const std::uint8_t> states() const { return states_; }
  /// What the state codes mean: name of code 0, 1, ... (set by the model; empty when the kind
  /// has one state). A description written into snapshots, not state itself.
  void set_state_names(std::vector<std::string> names) { state_names_ = std::move(names); }
  [[nodiscard]] const std::vector<std::string>& state_names() const { return state_names_; }

  /// Adds a per-agent variable (only before the first agent is added).
  template <class T>
  ColumnRef<T> declare(std::string name, std::string units) {
    columns_.push_back({std::move(name), std::move(units), std::vector<T>(ids_.size())});
    return {columns_.size() - 1};
  }
  template <class T>
  std::span<T> column(ColumnRef<T> ref) {
    return std::get<std::vector<T>>(columns_[ref.index].values);
  }
  template <class T>
  std::span<const T> column(ColumnRef<T> ref) const {
    return std::get<std::vector<T>>(columns_[ref.index].values);
  }
  [[nodiscard]] const std::vector<ColumnData>& columns() const { return columns_; }
  /// Writes an integer into column c of agent i (whatever the column's numeric type).
  void set_integer(std::size_t c, std::size_t i, std::uint64_t value);

  /// Appends an agent now (set-up and protocol actions, never inside a parallel loop); its
  /// variables are zero. Occupancy is not touched: the caller accounts for it.
  std::size_t add(VoxelIndex voxel, std::uint8_t state = 0);

  /// Deferred changes, safe to call from a parallel loop for distinct agents i.
  void mark_dead(std::size_t i) { dead_[i] = kDead; }
  /// True when agent i leaves at the end of the tick (dead or transferred).
  [[nodiscard]] bool is_marked_dead(std::size_t i) const { return dead_[i] != 0; }
  /// Agent i leaves for `route` (see TransferRouter) at the end of the tick, with its id and
  /// variables. The caller also calls note_pending() once.
  void request_transfer(std::size_t i, std::uint8_t route) {
    dead_[i] = static_cast<std::uint8_t>(kFirstRoute + route);
  }
  static constexpr std::size_t kMaxRoutes = 254;
  /// The route agent i asked for, or -1.
  [[nodiscard]] int transfer_route(std::size_t i) const {
    return dead_[i] >= kFirstRoute ? dead_[i] - kFirstRoute : -1;
  }
  /// Settles a transfer request: the agent leaves (removed at commit) or stays.
  void settle_transfer(std::size_t i, bool leaves) { dead_[i] = leaves ? kDead : 0; }
  /// Appends a copy of agent i of `from` (its id, state and the variables named alike; `map`
  /// from column_map) in `voxel`. Occupancy is not touched: the caller accounts for it.
  std::size_t append_copy(const AgentKind& from, std::size_t i, VoxelIndex voxel,
                          std::span<const int> map);
  /// For each column of this kind, the column of `from` with the same name and type, or -1.
  [[nodiscard]] std::vector<int> column_map_from(const AgentKind& from) const;
  /// Agent i gets one daughter in `voxel` (variables copied from the parent). The caller has
  /// already reserved the daughter's room in the occupancy (see PlacementResolver).
  void request_birth(std::size_t i, VoxelIndex voxel) { birth_voxel_[i] = voxel; }

  struct CommitResult {
    std::size_t deaths = 0;
    std::size_t births = 0;
  };
  /// Removes the dead (keeping order) and appends daughters in parent order with fresh ids,
  /// updating occupancy. Daughters of agents that died in the same commit are still born.
  CommitResult commit(Occupancy& occupancy);
  [[nodiscard]] bool has_pending_changes() const { return pending_; }
  void note_pending() { pending_ = true; }

  /// Changes whenever agents are added, removed, reordered or restored, so that derived indices
  /// (e.g. a VoxelMap) can be reused while it stays the same. Code that moves agents by writing
  /// voxels() directly must call touch().
  [[nodiscard]] std::uint64_t revision() const { return revision_; }
  void touch() { ++revision_; }
  /// True when agents may have moved since the last sort_by_voxel (sorting them again would
  /// change their order).
  [[nodiscard]] bool needs_sort() const { return revision_ != sorted_revision_; }

  /// Stable counting sort of all agents by voxel, for cache locality of voxel-ordered loops.
  /// The columns are gathered in parallel through scratch kept for the next sort (a fresh
  /// allocation each time costs page faults on every page).
  void sort_by_voxel(std::size_t voxel_count, ThreadPool& pool);

  /// Lists the kind's state (id counter, ids, voxels, states, declared columns). On restore the
  /// arrays are replaced and checked for equal lengths and voxels below `voxel_count`.
  void visit_state(StateVisitor& v, std::size_t voxel_count);

  /// Next id counter (part of the state: restored on restart).
  [[nodiscard]] std::uint64_t next_serial() const { return next_serial_; }
  [[nodiscard]] static std::uint8_t kind_of_id(std::uint64_t id) {
    return static_cast<std::uint8_t>(id >> 56);
  }
  [[nodiscard]] static std::uint16_t patch_of_id(std::uint64_t id) {
    return static_cast<std::uint16_t>(id >> kIdSerialBits);
  }

 private:
  static constexpr std::uint8_t kDead = 1;
  static constexpr std::uint8_t kFirstRoute = 2;
  std::uint64_t make_id();
  template <class F>
  void for_each_column(F&& f);

  std::string name_;
  std::uint8_t index_;
  Mobility mobility_;
  std::uint16_t volume_;
  std::uint64_t id_prefix_;  ///< kind index and patch uid, in place
  std::uint64_t next_serial_ = 0;
  bool pending_ = false;
  std::uint64_t revision_ = 0;
  std::uint64_t sorted_revision_ = ~std::uint64_t{0};

  std::vector<std::uint64_t> ids_;
  std::vector<VoxelIndex> voxels_;
  std::vector<std::uint8_t> states_;
  std::vector<std::string> state_names_;
  std::vector<ColumnData> columns_;
  // Per-agent request slots, written during parallel phases: 0 stays, 1 dies, 2 + r leaves
  // by route r.
  std::vector<std::uint8_t> dead_;
  std::vector<VoxelIndex> birth_voxel_;
  // Scratch of sort_by_voxel.
  std::vector<std::uint32_t> sort_order_;
  std::vector<std::uint32_t> sort_start_;
  std::vector<std::byte> sort_buffer_;  ///< storage for one gathered column
};

}  // namespace msabm
