#include "engine/core/agent_kind.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <type_traits>

#include "engine/core/occupancy.hpp"
#include "engine/core/parallel.hpp"

namespace msabm {

namespace {

/// Keeps the elements whose keep[i] is set, in order; then appends `extra` copies of the
/// elements at `sources`.
template <class T>
void compact_and_append(std::vector<T>& v, const std::vector<std::uint8_t>& dead,
                        const std::vector<std::size_t>& sources) {
  const std::size_t n = dead.size();
  for (std::size_t s : sources) v.push_back(v[s]);
  std::size_t out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!dead[i]) v[out++] = v[i];
  }
  const std::size_t appended = sources.size();
  for (std::size_t k = 0; k < appended; ++k) v[out++] = v[n + k];
  v.resize(out);
}

}  // namespace

AgentKind::AgentKind(std::string name, std::uint8_t index, Mobility mobility, std::uint16_t volume,
                     std::uint16_t patch_uid)
    : name_(std::move(name)), index_(index), mobility_(mobility), volume_(volume),
      id_prefix_((std::uint64_t{index} << 56) | (std::uint64_t{patch_uid} << kIdSerialBits)) {}

std::uint64_t AgentKind::make_id() {
  if (next_serial_ >= (std::uint64_t{1} << kIdSerialBits)) {
    throw std::length_error("kind " + name_ + " ran out of agent ids (2^40 births)");
  }
  return id_prefix_ | next_serial_++;
}

template <class F>
void AgentKind::for_each_column(F&& f) {
  f(ids_);
  f(voxels_);
  f(states_);
  for (auto& c : columns_) std::visit(f, c.values);
}

std::size_t AgentKind::add(VoxelIndex voxel, std::uint8_t state) {
  if (ids_.size() >= 0xFFFFFFFFu) throw std::length_error("too many agents of kind " + name_);
  ++revision_;
  ids_.push_back(make_id());
  voxels_.push_back(voxel);
  states_.push_back(state);
  for (auto& c : columns_) std::visit([](auto& v) { v.emplace_back(); }, c.values);
  dead_.push_back(0);
  birth_voxel_.push_back(kNoVoxel);
  return ids_.size() - 1;
}

void AgentKind::set_integer(std::size_t c, std::size_t i, std::uint64_t value) {
  std::visit([&](auto& v) {
    using T = typename std::decay_t<decltype(v)>::value_type;
    v[i] = static_cast<T>(value);
  }, columns_.at(c).values);
}

std::vector<int> AgentKind::column_map_from(const AgentKind& from) const {
  std::vector<int> map(columns_.size(), -1);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    for (std::size_t f = 0; f < from.columns_.size(); ++f) {
      if (from.columns_[f].name == columns_[c].name &&
          from.columns_[f].values.index() == columns_[c].values.index()) {
        map[c] = static_cast<int>(f);
      }
    }
  }
  return map;
}

std::size_t AgentKind::append_copy(const AgentKind& from, std::size_t i, VoxelIndex voxel,
                                   std::span<const int> map) {
  if (ids_.size() >= 0xFFFFFFFFu) throw std::length_error("too many agents of kind " + name_);
  ++revision_;
  ids_.push_back(from.ids_[i]);
  voxels_.push_back(voxel);
  states_.push_back(from.states_[i]);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    std::visit([&](auto& v) {
      using V = std::decay_t<decltype(v)>;
      if (map[c] < 0) {
        v.emplace_back();
      } else {
        v.push_back(std::get<V>(from.columns_[static_cast<std::size_t>(map[c])].values)[i]);
      }
    }, columns_[c].values);
  }
  dead_.push_back(0);
  birth_voxel_.push_back(kNoVoxel);
  return ids_.size() - 1;
}

void AgentKind::visit_state(StateVisitor& v, std::size_t voxel_count) {
  const StateGroup g(v, name_);
  v.value("next_serial", "1", StateRole::Structure, next_serial_);
  v.array("id", "1", StateRole::AgentColumn, ids_);
  v.array("voxel", "1", StateRole::AgentColumn, voxels_);
  v.array("state", "1", StateRole::AgentColumn, states_);
  for (auto& c : columns_) {
    std::visit([&](auto& values) { v.array(c.name, c.units, StateRole::AgentColumn, values); }, c.values);
  }
  if (!v.restoring()) return;
  const std::size_t n = ids_.size();
  bool equal = voxels_.size() == n && states_.size() == n;
  for (const auto& c : columns_) {
    equal = equal && std::visit([](const auto& values) { return values.size(); }, c.values) == n;
  }
  if (!equal) throw StateMismatch("arrays of agent kind " + name_ + " differ in length");
  if (!std::all_of(voxels_.begin(), voxels_.end(), [&](VoxelIndex x) { return x < voxel_count; })) {
    throw StateMismatch("an agent of kind " + name_ + " lies outside the lattice");
  }
  ++revision_;
  pending_ = false;
  dead_.assign(n, 0);
  birth_voxel_.assign(n, kNoVoxel);
}

AgentKind::CommitResult AgentKind::commit(Occupancy& occupancy) {
  CommitResult result;
  if (!pending_) return result;
  pending_ = false;
  ++revision_;
  const std::size_t n = ids_.size();
  std::vector<std::size_t> parents;
  for (std::size_t i = 0; i < n; ++i) {
    if (birth_voxel_[i] != kNoVoxel) parents.push_back(i);
    if (dead_[i]) {
      occupancy.remove(voxels_[i], volume_);
      ++result.deaths;
    }
  }
  std::vector<VoxelIndex> daughter_voxels;
  daughter_voxels.reserve(parents.size());
  for (std::size_t p : parents) daughter_voxels.push_back(birth_voxel_[p]);

  for_each_column([&](auto& column) { compact_and_append(column, dead_, parents); });
  // Daughters: fresh ids and their own voxels (everything else copied from the parent); their
  // room in the occupancy was reserved when the birth was granted.
  const std::size_t first_daughter = ids_.size() - parents.size();
  for (std::size_t k = 0; k < parents.size(); ++k) {
    ids_[first_daughter + k] = make_id();
    voxels_[first_daughter + k] = daughter_voxels[k];
  }
  result.births = parents.size();
  dead_.assign(ids_.size(), 0);
  birth_voxel_.assign(ids_.size(), kNoVoxel);
  return result;
}

void AgentKind::sort_by_voxel(std::size_t voxel_count, ThreadPool& pool) {
  const std::size_t n = ids_.size();
  // Unmoved agents are still sorted (a stable sort would leave them as they are).
  if (!needs_sort()) return;
  ++revision_;
  sorted_revision_ = revision_;
  if (n < 2) return;
  std::vector<std::uint32_t>& order = sort_order_;
  order.resize(n);
  if (voxel_count <= 4 * n) {
    // Counting sort: O(n + voxels), stable. On several threads each takes a range of voxels
    // and reads all agents (in order, so the sort stays stable), counting then placing only
    // those in its range: no two threads write the same count or slot.
    std::vector<std::uint32_t>& start = sort_start_;  // start[v]: agents in voxels below v
    start.resize(voxel_count + 1);
    start[0] = 0;
    const std::size_t parts =
        n >= (std::size_t{1} << 20) ? static_cast<std::size_t>(pool.threads()) : std::size_t{1};
    auto first = [&](std::size_t p) { return static_cast<VoxelIndex>(p * voxel_count / parts); };
    std::vector<std::uint32_t> totals(parts, 0);
    pool.for_blocks("agents.sort.count", parts, 1, [&](std::size_t p, std::size_t) {
      const VoxelIndex a = first(p), b = first(p + 1);
      std::fill(start.begin() + a + 1, start.begin() + b + 1, 0u);
      for (VoxelIndex v : voxels_) {
        if (v >= a && v < b) ++start[v + 1];
      }
      for (VoxelIndex v = a + 1; v < b; ++v) start[v + 1] += start[v];  // within the range
      totals[p] = start[b];
    });
    pool.for_blocks("agents.sort.offsets", parts, 1, [&](std::size_t p, std::size_t) {
      const auto end = totals.begin() + static_cast<std::ptrdiff_t>(p);
      const std::uint32_t before = std::accumulate(totals.begin(), end, 0u);
      for (VoxelIndex v = first(p) + 1; v <= first(p + 1); ++v) start[v] += before;
    });
    pool.for_blocks("agents.sort.place", parts, 1, [&](std::size_t p, std::size_t) {
      const VoxelIndex a = first(p), b = first(p + 1);
      for (std::size_t i = 0; i < n; ++i) {
        const VoxelIndex v = voxels_[i];
        if (v >= a && v < b) order[start[v]++] = static_cast<std::uint32_t>(i);
      }
    });
  } else {
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return voxels_[a] < voxels_[b]; });
  }
  sort_buffer_.resize(n * sizeof(std::uint64_t));  // room for the widest column
  for_each_column([&](auto& column) {
    using T = typename std::decay_t<decltype(column)>::value_type;
    static_assert(sizeof(T) <= sizeof(std::uint64_t) && std::is_trivially_copyable_v<T>);
    T* const gathered = reinterpret_cast<T*>(sort_buffer_.data());
    constexpr std::size_t kGrain = 1 << 15;
    pool.for_blocks("agents.sort.gather", n, kGrain, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) gathered[i] = column[order[i]];
    });
    pool.for_blocks("agents.sort.store", n, kGrain, [&](std::size_t b, std::size_t e) {
      std::copy(gathered + b, gathered + e, column.begin() + static_cast<std::ptrdiff_t>(b));
    });
  });
}

}  // namespace msabm
