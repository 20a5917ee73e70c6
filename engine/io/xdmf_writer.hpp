#pragma once
// result.xmf: an XDMF 3 index of the snapshots in result.h5 that ParaView 5.11 opens with its
// built-in XDMF3 reader. A temporal collection holds one spatial collection per snapshot; in
// it, per patch, each agent kind is a Polyvertex grid (positions in um, one vertex cell per
// agent, per-agent arrays as point attributes) and the lattice is a cell-centred 3DCoRectMesh
// (origin and spacing in um, fields and voxel arrays as cell attributes). A kind with no agents
// at a snapshot has no grid in that time step (its datasets in result.h5 are empty): ParaView
// 5.11's XDMF3 reader crashes (SIGFPE) on zero-length grids, and handles blocks that come and go.
// Each attribute carries an <Information Name="units"> (viz/render.py labels colour bars with
// it), and an agent grid whose kind names its states an <Information Name="state_names"
// Value="0 healthy, 1 stressed, ...">.
//
// Heavy data are referenced relative to the .xmf ("result.h5:/snapshots/..."), so the folder can
// be moved. ParaView 5.11's XDMF3 reader mis-joins such references when the .xmf is opened by a
// bare file name from Python (OpenDataFile("result.xmf")); "./result.xmf" or an absolute path
// work, and so does `paraview result.xmf` (the GUI makes the path absolute).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/snapshot_layout.hpp"

namespace msabm {

/// Path in result.h5 of the shared vertex connectivity 0, 1, 2, ... (uint32) that every agent
/// grid selects its first N entries of.
inline constexpr const char* kConnectivityPath = "/xdmf/connectivity";

/// The XDMF text for `snapshots`; `h5_name` is the HDF5 file name relative to the .xmf and
/// `connectivity_length` the current length of kConnectivityPath.
std::string xdmf_document(const std::vector<SnapshotLayout>& snapshots, const std::string& h5_name,
                          std::uint64_t connectivity_length);

}  // namespace msabm
