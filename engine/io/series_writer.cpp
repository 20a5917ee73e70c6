#include "engine/io/series_writer.hpp"

#include <array>
#include <set>
#include <string>

#include "engine/core/simulation.hpp"
#include "engine/io/hdf5_names.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/hdf5_write.hpp"

namespace msabm {

namespace {

using h5::link_name;

/// One value of a row, before it is written.
struct Sample {
  std::string path;
  std::string units;
  bool integer;
  double real = 0;
  std::uint64_t count = 0;
  std::string state_name = {};  ///< state_counts: what the code means (the kind's state_names)
};

/// Everything a row holds besides time and tick, in a fixed order.
std::vector<Sample> measure(const Simulation& sim) {
  std::vector<Sample> out;
  for (const Patch& p : sim.patches()) {
    for (const auto& k : p.kinds()) {
      const std::string kp = link_name(p.name()) + "/" + link_name(k->name());
      out.push_back({"counts/" + kp, "1", true, 0, static_cast<std::uint64_t>(k->size())});
      std::array<std::uint64_t, 256> by_state{};
      for (std::uint8_t s : k->states()) ++by_state[s];
      for (std::size_t s = 0; s < by_state.size(); ++s) {
        if (by_state[s] == 0) continue;
        const auto& names = k->state_names();
        out.push_back({"state_counts/" + kp + "/" + std::to_string(s), "1", true, 0, by_state[s],
                       s < names.size() ? names[s] : std::string()});
      }
    }
  }
  for (const Readout& r : sim.readouts()) out.push_back({"readouts/" + link_name(r.name), r.units, false, r.measure(sim), 0});
  for (const auto& t : sim.tables()) {
    const std::string tp = "tables/" + link_name(t->name()) + "/";
    out.push_back({tp + "rows", "1", false, static_cast<double>(t->rows()), 0});
    for (const auto& a : t->aggregates()) {
      const bool rows = a.op == SystemicTable::AggregateOp::RowsAboveZero;
      out.push_back({tp + link_name(a.name), rows ? "1" : t->column_spec(a.column).units, false, t->aggregate(a), 0});
    }
  }
  return out;
}


}  // namespace

SeriesWriter SeriesWriter::create(hid_t file, const Simulation& /*sim*/, int compression) {
  SeriesWriter w;
  w.group_ = h5::create_group(file, "/series");
  w.compression_ = compression;
  w.time_ = h5::create_rows(w.group_.get(), "time", H5T_NATIVE_DOUBLE, 0, compression, "min");
  w.tick_ = h5::create_rows(w.group_.get(), "tick", H5T_NATIVE_INT64, 0, compression, "1");
  for (const char* g : {"counts", "state_counts", "readouts", "tables"}) h5::create_group(w.group_.get(), g);
  return w;
}

SeriesWriter SeriesWriter::open(hid_t file, const Simulation& /*sim*/) {
  SeriesWriter w;
  w.group_ = h5::open_group(file, "/series");
  const hid_t g = w.group_.get();
  w.time_ = h5::open_dataset(g, "time");
  w.tick_ = h5::open_dataset(g, "tick");
  {
    // New datasets get the compression of the existing ones.
    const h5::Handle dcpl = h5::plist(H5Dget_create_plist(w.time_.get()), "series/time");
    for (int i = 0; i < H5Pget_nfilters(dcpl.get()); ++i) {
      unsigned flags = 0, level = 0;
      std::size_t n = 1;
      if (H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &n, &level, 0, nullptr, nullptr) ==
          H5Z_FILTER_DEFLATE) {
        w.compression_ = static_cast<int>(level);
      }
    }
  }
  const hsize_t rows = w.rows();
  if (h5::row_count(w.tick_.get()) != rows) throw h5::Error("/series datasets differ in length");
  h5::walk_groups(g, [&](const std::string& group_path, hid_t group, const std::vector<std::string>& datasets) {
    for (const std::string& m : datasets) {
      const std::string path = group_path.empty() ? m : group_path + "/" + m;
      if (path == "time" || path == "tick") continue;
      Column c{h5::open_dataset(group, m), false};
      c.integer = h5::stored_as(c.dataset.get(), H5T_NATIVE_UINT64);
      if (!c.integer && !h5::stored_as(c.dataset.get(), H5T_NATIVE_DOUBLE)) {
        throw h5::Error("/series/" + path + " has an unexpected type");
      }
      if (h5::row_count(c.dataset.get()) != rows) throw h5::Error("/series datasets differ in length");
      w.columns_.emplace(path, std::move(c));
    }
  });
  return w;
}

void SeriesWriter::append(const Simulation& sim) {
  const hsize_t row = rows();
  const double time = sim.time();
  const std::int64_t tick = sim.tick();
  std::set<std::string> written;
  for (const Sample& s : measure(sim)) {
    auto it = columns_.find(s.path);
    if (it == columns_.end()) {
      // A column seen for the first time: its earlier rows read as 0 (the fill value).
      const std::size_t slash = s.path.rfind('/');
      const h5::Handle parent = h5::open_or_create_group(group_.get(), s.path.substr(0, slash));
      Column c{h5::create_rows(parent.get(), s.path.substr(slash + 1), s.integer ? H5T_NATIVE_UINT64 : H5T_NATIVE_DOUBLE,
                               0, compression_, s.units),
               s.integer};
      h5::set_row_count(c.dataset.get(), row);
      if (!s.state_name.empty()) h5::set_attribute(c.dataset.get(), "state_name", s.state_name);
      it = columns_.emplace(s.path, std::move(c)).first;
    }
    if (it->second.integer) {
      h5::append_row(it->second.dataset.get(), H5T_NATIVE_UINT64, &s.count);
    } else {
      h5::append_row(it->second.dataset.get(), H5T_NATIVE_DOUBLE, &s.real);
    }
    written.insert(s.path);
  }
  // Columns with nothing this row (a state no agent is in, a removed patch): 0.
  for (auto& [path, c] : columns_) {
    if (written.contains(path)) continue;
    const std::uint64_t zero_count = 0;
    const double zero = 0;
    h5::append_row(c.dataset.get(), c.integer ? H5T_NATIVE_UINT64 : H5T_NATIVE_DOUBLE,
                   c.integer ? static_cast<const void*>(&zero_count) : static_cast<const void*>(&zero));
  }
  h5::append_row(time_.get(), H5T_NATIVE_DOUBLE, &time);
  h5::append_row(tick_.get(), H5T_NATIVE_INT64, &tick);
}

void SeriesWriter::drop_after(std::int64_t tick) {
  const hsize_t n = rows();
  std::vector<std::int64_t> ticks(n);
  if (n > 0) h5::read_raw(tick_.get(), H5T_NATIVE_INT64, ticks.data(), "/series/tick");
  hsize_t keep = 0;
  while (keep < n && ticks[keep] <= tick) ++keep;
  if (keep == n) return;
  h5::set_row_count(time_.get(), keep);
  h5::set_row_count(tick_.get(), keep);
  for (auto& [path, c] : columns_) h5::set_row_count(c.dataset.get(), keep);
}

hsize_t SeriesWriter::rows() const { return h5::row_count(time_.get()); }

}  // namespace msabm
