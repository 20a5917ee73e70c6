#pragma once
// Reads back what the snapshots of a result.h5 hold (layout: snapshot_layout.hpp), in the order
// they were written; used to rebuild result.xmf when a run continues and by `msabm info`.
#include <hdf5.h>

#include <vector>

#include "engine/io/snapshot_layout.hpp"

namespace msabm {

/// Layouts of all snapshots in the file (empty when it has none). Throws h5::Error.
std::vector<SnapshotLayout> read_snapshot_layouts(hid_t file);

/// Layout of one snapshot group, e.g. "/snapshots/000003".
SnapshotLayout read_snapshot_layout(hid_t file, const std::string& name);

}  // namespace msabm
