#pragma once
// /series in result.h5: one row per sample, appended as the run goes, in extendible, chunked,
// compressed datasets (each with a `units` attribute):
//   /series/time                         float64 [rows], min
//   /series/tick                         int64   [rows]
//   /series/counts/<patch>/<kind>        uint64  [rows], agents of the kind
//   /series/state_counts/<patch>/<kind>/<code>  uint64 [rows], agents in state <code>; attribute
//                                               state_name says what the code means
//   /series/readouts/<name>              float64 [rows], each Simulation readout in its units
//   /series/tables/<table>/rows          float64 [rows], rows of a systemic table
//   /series/tables/<table>/<aggregate>   float64 [rows], each aggregate its model declares
// A column that appears later (a state code first seen, a patch created at run time) reads 0
// in earlier rows; one that disappears (a removed patch) reads 0 from then on, so every
// dataset always has as many rows as /series/time. The rows reach result.h5 when the run
// publishes it (result_writer.hpp).
#include <hdf5.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/io/hdf5_handles.hpp"

namespace msabm {

class Simulation;

class SeriesWriter {
 public:
  /// Creates /series (columns appear with the first row).
  static SeriesWriter create(hid_t file, const Simulation& sim, int compression);
  /// Opens an existing /series; throws h5::Error when its datasets differ in length.
  static SeriesWriter open(hid_t file, const Simulation& sim);

  /// Appends one row measured from `sim` now.
  void append(const Simulation& sim);
  /// Drops the rows taken after `tick` (restart from a checkpoint at `tick`).
  void drop_after(std::int64_t tick);
  [[nodiscard]] hsize_t rows() const;

 private:
  SeriesWriter() = default;
  struct Column {
    h5::Handle dataset;
    bool integer = false;  ///< uint64 counts, else float64
  };
  h5::Handle group_, time_, tick_;
  std::map<std::string, Column> columns_;  ///< by path below /series
  int compression_ = 0;
};

}  // namespace msabm
