#include "engine/io/series_writer.hpp"

#include <array>
#include <string>

#include "engine/core/simulation.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/hdf5_names.hpp"
#include "engine/io/hdf5_write.hpp"

namespace msabm {

namespace {

using h5::link_name;

std::string kind_path(const Patch& p, const AgentKind& k) {
  return link_name(p.name()) + "/" + link_name(k.name());
}

}  // namespace

SeriesWriter SeriesWriter::create(hid_t file, const Simulation& sim, int compression) {
  SeriesWriter w;
  const h5::Handle series = h5::create_group(file, "/series");
  const hid_t g = series.get();
  w.compression_ = compression;
  w.time_ = h5::create_rows(g, "time", H5T_NATIVE_DOUBLE, 0, compression, "min");
  w.tick_ = h5::create_rows(g, "tick", H5T_NATIVE_INT64, 0, compression, "1");
  const h5::Handle counts = h5::create_group(g, "counts");
  const h5::Handle states = h5::create_group(g, "state_counts");
  for (const Patch& p : sim.patches()) {
    const h5::Handle pc = h5::create_group(counts.get(), link_name(p.name()));
    const h5::Handle ps = h5::create_group(states.get(), link_name(p.name()));
    for (const auto& k : p.kinds()) {
      KindSeries ks;
      ks.count = h5::create_rows(pc.get(), link_name(k->name()), H5T_NATIVE_UINT64, 0, compression, "1");
      ks.states = h5::create_group(ps.get(), link_name(k->name()));
      w.kinds_.push_back(std::move(ks));
    }
  }
  const h5::Handle readouts = h5::create_group(g, "readouts");
  for (const Readout& r : sim.readouts()) {
    w.readouts_.push_back(h5::create_rows(readouts.get(), link_name(r.name), H5T_NATIVE_DOUBLE, 0,
                                          compression, r.units));
  }
  return w;
}

SeriesWriter SeriesWriter::open(hid_t file, const Simulation& sim) {
  SeriesWriter w;
  const h5::Handle series = h5::open_group(file, "/series");
  const hid_t g = series.get();
  w.time_ = h5::open_dataset(g, "time");
  w.tick_ = h5::open_dataset(g, "tick");
  {
    // New per-state datasets get the compression of the existing ones.
    const h5::Handle dcpl = h5::plist(H5Dget_create_plist(w.time_.get()), "series/time");
    w.compression_ = 0;
    for (int i = 0; i < H5Pget_nfilters(dcpl.get()); ++i) {
      unsigned flags = 0, level = 0;
      std::size_t n = 1;
      if (H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &n, &level, 0, nullptr, nullptr) ==
          H5Z_FILTER_DEFLATE) {
        w.compression_ = static_cast<int>(level);
      }
    }
  }
  for (const Patch& p : sim.patches()) {
    for (const auto& k : p.kinds()) {
      KindSeries ks;
      ks.count = h5::open_dataset(g, "counts/" + kind_path(p, *k));
      ks.states = h5::open_group(g, "state_counts/" + kind_path(p, *k));
      for (const std::string& code : h5::members(ks.states.get())) {
        const int value = std::stoi(code);
        if (value < 0 || value > 255 || std::to_string(value) != code) throw h5::Error("bad state code " + code);
        ks.by_state.emplace(static_cast<std::uint8_t>(value), h5::open_dataset(ks.states.get(), code));
      }
      w.kinds_.push_back(std::move(ks));
    }
  }
  for (const Readout& r : sim.readouts()) w.readouts_.push_back(h5::open_dataset(g, "readouts/" + link_name(r.name)));
  // Every dataset must have as many rows as the clock.
  const hsize_t rows = w.rows();
  w.for_each_dataset([rows](hid_t d) {
    if (h5::row_count(d) != rows) throw h5::Error("/series datasets differ in length");
  });
  return w;
}

void SeriesWriter::for_each_dataset(const std::function<void(hid_t)>& f) const {
  f(time_.get());
  f(tick_.get());
  for (const KindSeries& k : kinds_) {
    f(k.count.get());
    for (const auto& [code, d] : k.by_state) f(d.get());
  }
  for (const auto& d : readouts_) f(d.get());
}

void SeriesWriter::append(const Simulation& sim) {
  const hsize_t row = rows();
  const double time = sim.time();
  const std::int64_t tick = sim.tick();
  h5::append_row(time_.get(), H5T_NATIVE_DOUBLE, &time);
  h5::append_row(tick_.get(), H5T_NATIVE_INT64, &tick);
  std::size_t index = 0;
  for (const Patch& p : sim.patches()) {
    for (const auto& k : p.kinds()) {
      KindSeries& ks = kinds_[index++];
      const auto count = static_cast<std::uint64_t>(k->size());
      h5::append_row(ks.count.get(), H5T_NATIVE_UINT64, &count);
      std::array<std::uint64_t, 256> by_state{};
      for (std::uint8_t s : k->states()) ++by_state[s];
      for (std::size_t s = 0; s < by_state.size(); ++s) {
        const auto code = static_cast<std::uint8_t>(s);
        if (by_state[s] > 0 && !ks.by_state.contains(code)) {
          // A state seen for the first time: its earlier rows read as 0 (the fill value).
          h5::Handle d = h5::create_rows(ks.states.get(), std::to_string(s), H5T_NATIVE_UINT64, 0, compression_, "1");
          h5::set_row_count(d.get(), row);
          ks.by_state.emplace(code, std::move(d));
        }
      }
      for (const auto& [code, d] : ks.by_state) h5::append_row(d.get(), H5T_NATIVE_UINT64, &by_state[code]);
    }
  }
  for (std::size_t r = 0; r < readouts_.size(); ++r) {
    const double value = sim.readouts()[r].measure(sim);
    h5::append_row(readouts_[r].get(), H5T_NATIVE_DOUBLE, &value);
  }
}

void SeriesWriter::drop_after(std::int64_t tick) {
  const hsize_t n = rows();
  std::vector<std::int64_t> ticks(n);
  if (n > 0) h5::read_raw(tick_.get(), H5T_NATIVE_INT64, ticks.data(), "/series/tick");
  hsize_t keep = 0;
  while (keep < n && ticks[keep] <= tick) ++keep;
  if (keep == n) return;
  for_each_dataset([keep](hid_t d) { h5::set_row_count(d, keep); });
}

hsize_t SeriesWriter::rows() const { return h5::row_count(time_.get()); }

}  // namespace msabm
