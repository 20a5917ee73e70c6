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
  const std::vector<std::string> expected = {
      "fields@0/2", "move@0/1", "move2@0/1", "pop@0/3",  //
      "move@1/1",   "move2@1/1",                         //
      "fields@2/2", "move@2/1", "move2@2/1",             //
      "move@3/1",   "move2@3/1", "pop@3/3",              //
      "fields@4/2", "move@4/1", "move2@4/1",             //
      "move@5/1",   "move2@5/1"};
  CHECK(log == expected);
  CHECK(s.processes()[0].runs == 3);  // fields: ticks 0, 2, 4
}

TEST_CASE("scheduler: protocol events fire once, at the first tick at or after their time", "[scheduler]") {
  Simulation sim(1, ClockSettings{2.0, 10.0}, 1);
  std::vector<std::string> log;
  auto& s = sim.scheduler();
  s.add_process("tick", Phase::Move, 1, std::make_unique<Recorder>(log, "tick"));
  s.add_event({3.0, "b", [&](Simulation& x) { log.push_back("b@" + std::to_string(x.tick())); }});
  s.add_event({0.0, "a", [&](Simulation& x) { log.push_back("a@" + std::to_string(x.tick())); }});
  s.add_event({3.0, "c", [&](Simulation& x) { log.push_back("c@" + std::to_string(x.tick())); }});
  while (!sim.finished()) sim.step();
  const std::vector<std::string> expected = {"a@0", "tick@0/2", "tick@1/2", "b@2", "c@2",
                                             "tick@2/2", "tick@3/2", "tick@4/2"};
  CHECK(log == expected);
  CHECK(s.next_event() == 3);
}

TEST_CASE("scheduler: periods must be whole multiples of the base step", "[scheduler]") {
  const Simulation sim(1, ClockSettings{1.5, 10.0}, 1);
  CHECK(sim.ticks_for(4.5) == 3);
  CHECK_THROWS_AS(sim.ticks_for(2.0), std::invalid_argument);
  CHECK_THROWS_AS(sim.ticks_for(0.5), std::invalid_argument);
}
