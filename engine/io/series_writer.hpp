#pragma once
// /series in result.h5: one row per sample, appended as the run goes, in extendible, chunked,
// compressed datasets (each with a `units` attribute):
//   /series/time                         float64 [rows], min
//   /series/tick                         int64   [rows]
//   /series/counts/<patch>/<kind>        uint64  [rows], agents of the kind
//   /series/state_counts/<patch>/<kind>/<code>  uint64 [rows], agents in state <code>, for each
//                                        state code that has occurred (0 in earlier rows)
//   /series/readouts/<name>              float64 [rows], each Simulation readout in its units
// The caller flushes the file after each row, so a crashed run leaves every row up to then.
#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "engine/io/hdf5_handles.hpp"

namespace msabm {

class Simulation;

class SeriesWriter {
 public:
  /// Creates the /series datasets for the kinds and readouts of `sim`.
  static SeriesWriter create(hid_t file, const Simulation& sim, int compression);
  /// Opens an existing /series written for the same config; throws h5::Error when it does not
  /// have the datasets `sim` needs.
  static SeriesWriter open(hid_t file, const Simulation& sim);

  /// Appends one row measured from `sim` now.
  void append(const Simulation& sim);
  /// Drops the rows taken after `tick` (restart from a checkpoint at `tick`).
  void drop_after(std::int64_t tick);
  [[nodiscard]] hsize_t rows() const;

 private:
  SeriesWriter() = default;
  struct KindSeries {
    h5::Handle count;
    h5::Handle states;                         ///< group of the per-state datasets
    std::map<std::uint8_t, h5::Handle> by_state;  ///< created when a code first occurs
  };
  void for_each_dataset(const std::function<void(hid_t)>& f) const;

  h5::Handle time_, tick_;
  std::vector<KindSeries> kinds_;  ///< patches' kinds in order
  std::vector<h5::Handle> readouts_;               ///< in Simulation::readouts() order
  int compression_ = 0;
};

}  // namespace msabm
