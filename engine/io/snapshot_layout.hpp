#pragma once
// What one snapshot in result.h5 holds, as far as the XDMF index and `msabm info` need to know:
// per patch, one point set per agent kind and one lattice image, with their arrays.
//
// In the file (NNNNNN = snapshot number, 6 digits; every dataset has a `units` attribute):
//   /snapshots/NNNNNN                      attrs: time (min), time_units, tick, index
//     <patch>/agents/<kind>/position       [N, 3] float64, um (voxel centres)
//                          /id, kind, state, and every per-agent variable the model declares
//                   agents/<kind>          attrs: count, kind_index, state_names ("healthy,
//                                          stressed,...": the names of state codes 0, 1, ...)
//     <patch>/lattice                      attrs: dims [nx, ny, nz], voxel_size (um), origin (um)
//                   /tissue, occupancy, <field>..., <voxel state>...   [nz, ny, nx]
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace msabm {

/// One stored array besides positions: its dataset name (= ParaView array name) and type.
struct ArrayLayout {
  std::string name;
  std::string number_type;  ///< XDMF NumberType: Float, Int, UInt, Char, UChar
  int precision = 8;        ///< bytes
  std::string units = {};   ///< the dataset's `units` attribute ("1": dimensionless)
};

struct AgentGridLayout {
  std::string patch;
  std::string kind;
  std::int64_t kind_index = 0;  ///< the kind's number in its patch (the "kind" array's value)
  std::uint64_t count = 0;
  std::vector<ArrayLayout> arrays;  ///< per-agent arrays (not position)
  std::vector<std::string> state_names = {};  ///< meaning of the "state" array's codes 0, 1, ...
};

struct LatticeGridLayout {
  std::string patch;
  std::array<int, 3> dims{1, 1, 1};  ///< voxels along x, y, z
  double voxel_size = 1;             ///< um
  std::array<double, 3> origin{};    ///< um, corner of voxel (0, 0, 0)
  std::vector<ArrayLayout> arrays;   ///< per-voxel arrays, stored [nz, ny, nx]
};

struct SnapshotLayout {
  std::string name;  ///< "000003"
  double time = 0;   ///< min
  std::int64_t tick = 0;
  std::vector<AgentGridLayout> agents;
  std::vector<LatticeGridLayout> lattices;
};

/// "0 healthy, 1 stressed, 2 new": what a kind's "state" codes mean (result.xmf, msabm info).
inline std::string state_legend(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + std::to_string(i) + " " + names[i];
  return out;
}

/// Path of a snapshot group, e.g. "/snapshots/000003".
inline std::string snapshot_path(const std::string& name) { return "/snapshots/" + name; }

}  // namespace msabm
