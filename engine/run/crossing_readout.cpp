#include "engine/run/crossing_readout.hpp"

#include <fmt/format.h>

#include <limits>
#include <memory>

#include "engine/core/period_config.hpp"
#include "engine/run/readout_config.hpp"
#include "engine/units/quantity.hpp"

namespace msabm {

namespace {

/// Watches one readout; keeps whether it has been on the near side of the threshold and the
/// tick at which it first went past it.
class CrossingWatch final : public Process {
 public:
  CrossingWatch(std::string watched, bool upward, double threshold)
      : watched_(std::move(watched)), upward_(upward), threshold_(threshold) {}

  void run(const StepContext& ctx) override {
    if (crossed_tick_ >= 0) return;
    const Readout* r = ctx.sim.find_readout(watched_);
    if (r == nullptr) return;  // its patch was removed
    const double v = r->measure(ctx.sim);
    const bool past = upward_ ? v > threshold_ : v < threshold_;
    if (!past) {
      armed_ = 1;
      return;
    }
    if (armed_ == 0) return;
    crossed_tick_ = ctx.tick;
    // Nothing left to watch: stop forcing ticks (a period no run reaches, the same for any
    // run length, so an extended run keeps the same clock).
    ctx.sim.scheduler().set_period(ctx.id, std::int64_t{1} << 48, ctx.tick);
  }

  void visit_state(StateVisitor& v) override {
    v.value("armed", "1", StateRole::ProcessState, armed_);
    v.value("crossed_tick", "1", StateRole::ProcessState, crossed_tick_);
  }

  [[nodiscard]] std::int64_t crossed_tick() const { return crossed_tick_; }

 private:
  std::string watched_;
  bool upward_;
  double threshold_;
  std::uint8_t armed_ = 0;
  std::int64_t crossed_tick_ = -1;  ///< -1: not yet
};

}  // namespace

void crossing_time_readout(const config::Section& s, Simulation& sim, const std::string& name) {
  const Readout& watched = readout_named(s, "readout", sim);
  if (s.has("above") == s.has("below")) s.fail("", "give exactly one of 'above' and 'below'");
  const bool upward = s.has("above");
  const double threshold = threshold_in(s, upward ? "above" : "below", watched.units);

  const std::string units = s.string("units", "min");
  try {
    if (units::parse_unit(units).dimension != units::Dimension{0, 1, 0, 0}) {
      s.fail("units", fmt::format("'{}' is not a unit of time (min, h, d, y)", units));
    }
  } catch (const units::UnitError& e) {
    s.fail("units", e.what());
  }
  const double step = sim.clock().step;
  const double check = s.quantity("check_every", "min", fmt::format("{} min", step), config::Range::positive());
  const std::int64_t check_ticks = period_ticks(sim, s, "check_every", check);
  std::int64_t first_tick = 0;
  if (s.has("from")) {
    const double from = s.quantity("from", "min") + sim.clock().day_zero;  // since the start
    if (from < 0) s.fail("from", "is before the run starts (set time.day_zero earlier or 'from' later)");
    first_tick = sim.tick_at_or_after(from);
  }

  auto watch = std::make_unique<CrossingWatch>(watched.name, upward, threshold);
  const CrossingWatch* w = watch.get();  // owned by the scheduler for the whole run
  sim.scheduler().add_process("readout." + name, Phase::Observe, check_ticks, std::move(watch), first_tick);
  const double day_zero = sim.clock().day_zero;
  const double per_unit = units::parse_unit(units).value;  // minutes in one `units`
  sim.add_readout({name, units, [w, step, day_zero, per_unit](const Simulation&) {
                     if (w->crossed_tick() < 0) return std::numeric_limits<double>::quiet_NaN();
                     return (static_cast<double>(w->crossed_tick()) * step - day_zero) / per_unit;
                   }});
}

}  // namespace msabm
