#pragma once
// The one description of simulation state. Every owner of state (the simulation's clock and
// protocol, parameters, systemic tables, the scheduler's process clocks, processes, patches,
// agent kinds, voxel arrays, fields) lists its arrays in a `visit_state(StateVisitor&)` member,
// once, with name, element type, units and role. Digest, checkpoint writer and reader,
// snapshots, series and `msabm info` are visitors over that walk, so a new piece of state is
// saved, restored, hashed and listed as soon as its owner names it (LAMMPS's atom-style field
// lists follow the same idea).
//
// Groups nest (`enter`/`leave`, or the RAII StateGroup) and give each array its path, e.g.
// patches/lesion/kinds/tcell/clone. A restoring visitor writes into the arrays it visits:
// resizable arrays (agents, table rows, pending terms) are resized first; fixed-size arrays
// (voxel arrays, fields, scalars) must match. Owners re-derive caches after their arrays are
// visited when `restoring()` is true.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace msabm {

/// What a piece of state is, for readers of a checkpoint and for the visitors that pick some
/// roles only (snapshots take agent columns and voxel data; series take aggregates).
enum class StateRole : std::uint8_t {
  Structure,     ///< what exists (run-time patches, id counters): restored first
  Clock,         ///< simulated time, process periods and next runs
  Protocol,      ///< protocol position: next firing tick and count per event
  Parameter,     ///< model parameters and their active modifications
  Table,         ///< systemic tables (keys and columns)
  ProcessState,  ///< what a process keeps between runs (counters, accumulators)
  AgentColumn,   ///< one value per agent of a kind
  VoxelArray,    ///< one value per voxel (labels, occupancy, model voxel state)
  Field,         ///< a diffusing substance, one value per voxel
  PendingTerms,  ///< agent source terms not yet applied to a field
};
[[nodiscard]] std::string_view role_name(StateRole role);

enum class ElementType : std::uint8_t { U8, U16, I32, U32, I64, U64, F32, F64 };
[[nodiscard]] std::string_view element_type_name(ElementType type);
[[nodiscard]] std::size_t element_size(ElementType type);

template <class T>
constexpr ElementType element_type_of() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return ElementType::U8;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return ElementType::U16;
  else if constexpr (std::is_same_v<T, std::int32_t>) return ElementType::I32;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return ElementType::U32;
  else if constexpr (std::is_same_v<T, std::int64_t>) return ElementType::I64;
  else if constexpr (std::is_same_v<T, std::uint64_t>) return ElementType::U64;
  else if constexpr (std::is_same_v<T, float>) return ElementType::F32;
  else if constexpr (std::is_same_v<T, double>) return ElementType::F64;
  else static_assert(sizeof(T) == 0, "unsupported state element type");
}

/// The state does not fit what the simulation's own config built (a checkpoint of another
/// config, or damaged contents that passed the checksum). Restoring visitors throw it.
class StateMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One array of state as visitors see it.
struct StateItem {
  std::string_view name;
  std::string_view units;  ///< "1" for dimensionless
  StateRole role;
  ElementType type;
  void* data;
  std::size_t count;
  /// Resizes the array to n elements and returns its new data; nullptr for fixed-size arrays.
  void* (*resize)(void* owner, std::size_t n) = nullptr;
  void* owner = nullptr;
  [[nodiscard]] std::size_t bytes() const { return count * element_size(type); }
};

class StateVisitor {
 public:
  virtual ~StateVisitor() = default;
  virtual void enter(std::string_view group) = 0;
  virtual void leave() = 0;
  virtual void item(StateItem& item) = 0;
  /// True for visitors that write into the state (checkpoint restore).
  [[nodiscard]] virtual bool restoring() const { return false; }

  /// A resizable array (agents, table rows).
  template <class T, class A>
  void array(std::string_view name, std::string_view units, StateRole role, std::vector<T, A>& v) {
    StateItem it{name, units, role, element_type_of<T>(), v.data(), v.size(), &resize_vector<T, A>, &v};
    item(it);
  }
  /// A fixed-size array (one value per voxel): a restore must match its length.
  template <class T>
  void fixed(std::string_view name, std::string_view units, StateRole role, std::span<T> v) {
    StateItem it{name, units, role, element_type_of<T>(), v.data(), v.size()};
    item(it);
  }
  /// One number.
  template <class T>
  void value(std::string_view name, std::string_view units, StateRole role, T& x) {
    fixed<T>(name, units, role, std::span<T>(&x, 1));
  }
  /// Text (names of run-time patches): stored as bytes.
  void text(std::string_view name, StateRole role, std::string& s);

 private:
  template <class T, class A>
  static void* resize_vector(void* owner, std::size_t n) {
    auto& v = *static_cast<std::vector<T, A>*>(owner);
    v.resize(n);
    return v.data();
  }
};

/// Enters a group for the lifetime of the object.
class StateGroup {
 public:
  StateGroup(StateVisitor& v, std::string_view name) : v_(v) { v_.enter(name); }
  ~StateGroup() { v_.leave(); }
  StateGroup(const StateGroup&) = delete;
  StateGroup& operator=(const StateGroup&) = delete;

 private:
  StateVisitor& v_;
};

/// Visits the state of a const owner with a visitor that only reads. The owners' visit_state
/// members are non-const because restoring visitors write through them.
template <class Owner>
void visit_const(const Owner& owner, StateVisitor& reader) {
  if (reader.restoring()) throw std::logic_error("visit_const with a restoring visitor");
  const_cast<Owner&>(owner).visit_state(reader);
}

/// A visitor that keeps the group path and passes every item with its full path
/// ("patches/lesion/kinds/tcell/clone") to `on_item`; the base of most visitors.
class PathVisitor : public StateVisitor {
 public:
  void enter(std::string_view group) override;
  void leave() override;
  void item(StateItem& item) override { on_item(path_of(item.name), item); }
  [[nodiscard]] const std::string& group_path() const { return path_; }
  [[nodiscard]] std::string path_of(std::string_view name) const;

 protected:
  virtual void on_item(const std::string& path, StateItem& item) = 0;

 private:
  std::string path_;
  std::vector<std::size_t> marks_;
};

}  // namespace msabm
