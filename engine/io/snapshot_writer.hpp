#pragma once
// Writes one snapshot of a simulation into result.h5 (layout: snapshot_layout.hpp).
#include <hdf5.h>

#include <string>

#include "engine/io/snapshot_layout.hpp"

namespace msabm {

class Simulation;

/// Writes /snapshots/<name> under `file` and returns what it holds.
SnapshotLayout write_snapshot(hid_t file, const std::string& name, const Simulation& sim,
                              int compression);

}  // namespace msabm
