#pragma once
// What a run writes and how often: the `output` section of a config.
//
//   output:
//     progress: true                   # progress lines on stderr
//     series_interval: "10 min"        # one /series row per interval ("0 min": none)
//     snapshot_interval: "1 h"         # one /snapshots/NNNNNN per interval ("0 min": none)
//     checkpoint_interval: "6 h"       # simulated time between checkpoints ("0 min": none)
//     checkpoint_wall_interval: "30 min"  # wall-clock time between checkpoints ("0 min": none)
//     compression: 4                   # deflate level of result.h5 datasets (0: none)
//
// Series rows and snapshots are taken at t = 0, at every multiple of their interval and at the
// end of the run; checkpoints at every multiple of checkpoint_interval (the end included) and
// whenever checkpoint_wall_interval of wall-clock time has passed since the last one.
#include <cstdint>

#include "engine/config/section.hpp"

namespace msabm {

class Simulation;

struct OutputSettings {
  bool progress = true;
  std::int64_t series_ticks = 0;      ///< 0: no series
  std::int64_t snapshot_ticks = 0;    ///< 0: no snapshots
  std::int64_t checkpoint_ticks = 0;  ///< 0: no periodic checkpoints in simulated time
  double checkpoint_wall_seconds = 0; ///< 0: none by wall clock
  int compression = 4;                ///< deflate level 0-9 for result.h5
};

/// Reads the section; intervals must be whole multiples of the simulation's time step.
OutputSettings read_output_settings(const config::Section& output, const Simulation& sim);

}  // namespace msabm
