#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/core/scheduler.hpp"
#include "engine/core/simulation.hpp"

using namespace msabm;

namespace {
struct Recorder final : Process {
  Recorder(std::vector<std::string>& log, std::string name) : log_(log), name_(std::move(name)) {}
  void run(const StepContext& ctx) override {
    log_.push_back(name_ + "@" + std::to_string(ctx.tick) + "/" + std::to_string(static_cast<int>(ctx.dt)));
  }
  std::vector<std::string>& log_;
  std::string name_;
};

/// Coarsens its own period to `coarse` ticks at its third run.
struct Coarsening final : Process {
  Coarsening(std::vector<std::string>& log, std::int64_t coarse) : log_(log), coarse_(coarse) {}
  void run(const StepContext& ctx) override {
    log_.push_back("c@" + std::to_string(ctx.tick) + "/" + std::to_string(static_cast<int>(ctx.dt)));
    if (ctx.step == 2) ctx.sim.scheduler().set_period(ctx.id, coarse_, ctx.tick);
  }
  std::vector<std::string>& log_;
  std::int64_t coarse_;
};
}  // namespace

TEST_CASE("scheduler: processes run at their own periods, in phase order", "[scheduler]") {
  Simulation sim(1, ClockSettings{1.0, 6.0}, 1);
  std::vector<std::string> log;
  auto& s = sim.scheduler();
  s.add_process("move", Phase::Move, 1, std::make_unique<Recorder>(log, "move"));
  s.add_process("fields", Phase::Fields, 2, std::make_unique<Recorder>(log, "fields"));
  s.add_process("population", Phase::Population, 3, std::make_unique<Recorder>(log, "pop"));
  s.add_process("move2", Phase::Move, 1, std::make_unique<Recorder>(log, "move2"));
  while (!sim.finished()) sim.step();
  // Fields advance last in a tick: after the agents of that tick secreted and took up.
  const std::vector<std::string> expected = {
      "move@0/1",   "move2@0/1", "pop@0/3",  "fields@0/2",  //
      "move@1/1",   "move2@1/1",                            //
      "move@2/1",   "move2@2/1", "fields@2/2",              //
      "move@3/1",   "move2@3/1", "pop@3/3",                 //
      "move@4/1",   "move2@4/1", "fields@4/2",              //
      "move@5/1",   "move2@5/1"};
  CHECK(log == expected);
  CHECK(s.find("fields")->runs == 3);  // ticks 0, 2, 4
  CHECK_THROWS_AS(s.add_process("move", Phase::Move, 1, std::make_unique<Recorder>(log, "x")), std::invalid_argument);
}

TEST_CASE("scheduler: a period changed at run time takes effect from the last run, dt follows", "[scheduler]") {
  for (const std::int64_t coarse : {1, 3, 5}) {
    Simulation sim(1, ClockSettings{1.0, 12.0}, 1);
    std::vector<std::string> log;
    sim.scheduler().add_process("c", Phase::Sense, 2, std::make_unique<Coarsening>(log, coarse));
    while (!sim.finished()) sim.advance(sim.total_ticks());
    // Runs at 0, 2, 4 (period 2); from 4 on every `coarse` ticks, each dt = time since the last run.
    std::vector<std::string> expected = {"c@0/2", "c@2/2", "c@4/2"};
    for (std::int64_t t = 4 + coarse; t < 12; t += coarse) {
      expected.push_back("c@" + std::to_string(t) + "/" + std::to_string(coarse));
    }
    CHECK(log == expected);
  }
}

TEST_CASE("scheduler: advance jumps over idle ticks and lands where step would", "[scheduler]") {
  Simulation a(1, ClockSettings{1.0, 100.0}, 1);
  Simulation b(1, ClockSettings{1.0, 100.0}, 1);
  std::vector<std::string> la, lb;
  a.scheduler().add_process("slow", Phase::Sense, 30, std::make_unique<Recorder>(la, "slow"));
  b.scheduler().add_process("slow", Phase::Sense, 30, std::make_unique<Recorder>(lb, "slow"));
  while (!a.finished()) a.step();
  while (!b.finished()) b.advance(b.total_ticks());
  CHECK(la == lb);
  CHECK(a.ticks_run() == 100);
  CHECK(b.ticks_run() == 4);  // 0, 30, 60, 90
  CHECK(a.state_digest() == b.state_digest());
}

TEST_CASE("protocol: events fire once, at the first tick at or after their time", "[scheduler][protocol]") {
  Simulation sim(1, ClockSettings{2.0, 10.0}, 1);
  std::vector<std::string> log;
  sim.scheduler().add_process("tick", Phase::Move, 1, std::make_unique<Recorder>(log, "tick"));
  auto at = [&](double t) { return sim.tick_at_or_after(t); };
  sim.protocol().add({"b", at(3.0), 0, ProtocolEvent::kNever, 0, {}, 1,
                      [&](Simulation& x) { log.push_back("b@" + std::to_string(x.tick())); }});
  sim.protocol().add({"a", at(0.0), 0, ProtocolEvent::kNever, 0, {}, 1,
                      [&](Simulation& x) { log.push_back("a@" + std::to_string(x.tick())); }});
  sim.protocol().add({"c", at(3.0), 0, ProtocolEvent::kNever, 0, {}, 1,
                      [&](Simulation& x) { log.push_back("c@" + std::to_string(x.tick())); }});
  while (!sim.finished()) sim.step();
  const std::vector<std::string> expected = {"a@0", "tick@0/2", "tick@1/2", "b@2", "c@2",
                                             "tick@2/2", "tick@3/2", "tick@4/2"};
  CHECK(log == expected);
  CHECK(sim.protocol().fired(0) == 1);
  CHECK(sim.protocol().next_due() == Protocol::kNever);
}

TEST_CASE("protocol: repeating events fire every period up to a count or a last tick", "[scheduler][protocol]") {
  Simulation sim(1, ClockSettings{1.0, 100.0}, 1);
  std::vector<std::int64_t> by_count, by_until;
  sim.protocol().add({"count", 10, 20, ProtocolEvent::kNever, 3, {}, 1,
                      [&](Simulation& x) { by_count.push_back(x.tick()); }});
  sim.protocol().add({"until", 5, 25, 60, 0, {}, 1, [&](Simulation& x) { by_until.push_back(x.tick()); }});
  while (!sim.finished()) sim.advance(sim.total_ticks());
  CHECK(by_count == std::vector<std::int64_t>{10, 30, 50});
  CHECK(by_until == std::vector<std::int64_t>{5, 30, 55});
  CHECK(sim.ticks_run() == 6);  // nothing else is due: only the firing ticks run (0 too)
}

TEST_CASE("protocol: conditional events wait for their condition, polled at their period", "[scheduler][protocol]") {
  Simulation sim(1, ClockSettings{1.0, 100.0}, 1);
  std::vector<std::int64_t> fired;
  // The condition becomes true at tick 37; polled every 5 ticks from tick 10: fires at 40.
  sim.protocol().add({"when", 10, 0, ProtocolEvent::kNever, 0,
                      [](const Simulation& x) { return x.tick() >= 37; }, 5,
                      [&](Simulation& x) { fired.push_back(x.tick()); }});
  // Never true: never fires.
  sim.protocol().add({"never", 0, 0, ProtocolEvent::kNever, 0, [](const Simulation&) { return false; }, 7,
                      [&](Simulation& x) { fired.push_back(-x.tick()); }});
  while (!sim.finished()) sim.advance(sim.total_ticks());
  CHECK(fired == std::vector<std::int64_t>{40});
  CHECK(sim.protocol().fired(1) == 0);
}

TEST_CASE("protocol: events before day 0 fire at their place in the run", "[scheduler][protocol]") {
  // Day 0 is 10 days after the start: an event on day -6 fires at day 4 of the run.
  ClockSettings clock{60.0, 20 * 1440.0, 10 * 1440.0};
  Simulation sim(1, clock, 1);
  std::vector<double> fired;
  sim.protocol().add({"conditioning", sim.tick_at_or_after(clock.day_zero - 6 * 1440.0), 0, ProtocolEvent::kNever,
                      0, {}, 1, [&](Simulation& x) { fired.push_back(x.protocol_time() / 1440.0); }});
  sim.protocol().add({"reinfusion", sim.tick_at_or_after(clock.day_zero), 0, ProtocolEvent::kNever, 0, {}, 1,
                      [&](Simulation& x) { fired.push_back(x.protocol_time() / 1440.0); }});
  while (!sim.finished()) sim.advance(sim.total_ticks());
  CHECK(fired == std::vector<double>{-6.0, 0.0});
  CHECK_THROWS_AS(sim.protocol().add({"past", -1, 0, ProtocolEvent::kNever, 0, {}, 1, [](Simulation&) {}}),
                  std::invalid_argument);
}

TEST_CASE("scheduler: periods must be whole multiples of the base step", "[scheduler]") {
  const Simulation sim(1, ClockSettings{1.5, 10.0}, 1);
  CHECK(sim.ticks_for(4.5) == 3);
  CHECK_THROWS_AS(sim.ticks_for(2.0), std::invalid_argument);
  CHECK_THROWS_AS(sim.ticks_for(0.5), std::invalid_argument);
}
