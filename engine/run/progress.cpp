#include "engine/run/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace msabm {

namespace {
std::string format_minutes(double minutes) {
  if (minutes >= 2 * 1440) return fmt::format("{:.1f} d", minutes / 1440);
  if (minutes >= 120) return fmt::format("{:.1f} h", minutes / 60);
  return fmt::format("{:.1f} min", minutes);
}
std::string format_seconds(double s) {
  if (s >= 3600) return fmt::format("{:.1f} h", s / 3600);
  if (s >= 60) return fmt::format("{:.1f} min", s / 60);
  return fmt::format("{:.0f} s", s);
}
}  // namespace

ProgressReporter::ProgressReporter(std::int64_t total_ticks, double tick_minutes, bool enabled)
    : total_(total_ticks),
      tick_minutes_(tick_minutes),
      enabled_(enabled),
      tty_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      last_log_(start_) {}

double ProgressReporter::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressReporter::update(std::int64_t tick) {
  if (start_tick_ < 0) start_tick_ = tick;
  const auto now = std::chrono::steady_clock::now();
  const auto seconds_since = [&](auto then) { return std::chrono::duration<double>(now - then).count(); };
  if (log_ && seconds_since(last_log_) >= 10.0) {
    last_log_ = now;
    log_(line(tick, false));
  }
  if (!enabled_ || seconds_since(last_) < (tty_ ? 0.25 : 10.0)) return;
  last_ = now;
  print(tick, false);
}

void ProgressReporter::finish(std::int64_t tick) {
  if (log_) log_(line(tick, true));
  if (enabled_) print(tick, true);
}

std::string ProgressReporter::line(std::int64_t tick, bool final_line) const {
  const double wall = elapsed_seconds();
  const auto done = static_cast<double>(tick - (start_tick_ < 0 ? tick : start_tick_));
  const double rate = wall > 0 ? done / wall : 0.0;
  const double left = rate > 0 ? static_cast<double>(total_ - tick) / rate : 0.0;
  const double pct = total_ > 0 ? 100.0 * static_cast<double>(tick) / static_cast<double>(total_) : 100.0;
  return fmt::format("t = {} / {} ({:5.1f} %)  {:.1f} steps/s  {} {}",
                     format_minutes(static_cast<double>(tick) * tick_minutes_),
                     format_minutes(static_cast<double>(total_) * tick_minutes_), pct, rate,
                     final_line ? "wall" : "ETA", format_seconds(final_line ? wall : left));
}

void ProgressReporter::print(std::int64_t tick, bool final_line) {
  const std::string line = this->line(tick, final_line);
  if (tty_) {
    fmt::print(stderr, "\r{:<78}{}", line, final_line ? "\n" : "");
  } else {
    fmt::print(stderr, "{}\n", line);
  }
  std::fflush(stderr);
}

}  // namespace msabm
