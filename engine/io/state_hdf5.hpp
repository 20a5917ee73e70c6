#pragma once
// The state description (engine/core/state.hpp) as HDF5: one dataset per state item, at the
// item's path, with attributes `units`, `role` and `type`. The checkpoint writer and reader
// are these two visitors, so they never list state themselves; `msabm info` walks the same
// layout generically.
#include <hdf5.h>

#include <string>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/io/hdf5_handles.hpp"

namespace msabm {
class Simulation;
}

namespace msabm::h5 {

hid_t native_type(ElementType type);

/// Writes every item under `root` (a group of an open file).
class StateWriter final : public PathVisitor {
 public:
  explicit StateWriter(hid_t root, int compression = 0) : root_(root), compression_(compression) {}

 protected:
  void on_item(const std::string& path, StateItem& item) override;

 private:
  hid_t root_;
  int compression_;
};

/// Reads every item from `root` into the state, checking type and length; throws StateMismatch
/// when an item is missing or differs, h5::Error when the file cannot be read. After the walk,
/// check_nothing_left() refuses a file holding items the simulation does not have.
class StateReader final : public PathVisitor {
 public:
  explicit StateReader(hid_t root) : root_(root) {}
  [[nodiscard]] bool restoring() const override { return true; }
  void check_nothing_left() const;

 protected:
  void on_item(const std::string& path, StateItem& item) override;

 private:
  hid_t root_;
  std::vector<std::string> visited_;
};

/// Total bytes of the state's arrays.
std::size_t state_bytes(const Simulation& sim);

/// Path of a state item as stored (each component a valid HDF5 link name).
std::string stored_path(const std::string& path);

}  // namespace msabm::h5
