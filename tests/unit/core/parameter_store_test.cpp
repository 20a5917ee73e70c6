#include <catch2/catch.hpp>

#include "engine/core/parameter_store.hpp"

using namespace msabm;

TEST_CASE("parameters: set and scale for a while, then back to base", "[parameters]") {
  ParameterStore p;
  const ParameterHandle entry = p.declare("entry_rate", "1/min", 2.0);
  const ParameterHandle death = p.declare("death_rate", "1/min", 0.1);
  CHECK_THROWS_AS(p.declare("entry_rate", "1/min", 1.0), std::invalid_argument);
  CHECK(p.handle("death_rate").index == death.index);
  CHECK_THROWS_AS((void)p.handle("nothing"), std::invalid_argument);

  p.scale(entry, 0.1, 10, 100);  // a natalizumab-like block from tick 10 to 100
  CHECK(p.value(entry) == Approx(0.2));
  p.set(entry, 5.0, 20, 50);  // a set under an active scale: the scale applies to the set value
  CHECK(p.value(entry) == Approx(0.5));
  CHECK(p.next_change_after(20) == 50);
  p.update(49);
  CHECK(p.value(entry) == Approx(0.5));
  p.update(50);  // the set ends
  CHECK(p.value(entry) == Approx(0.2));
  CHECK(p.next_change_after(50) == 100);
  p.update(100);  // the scale ends
  CHECK(p.value(entry) == 2.0);
  CHECK(p.active_modifications() == 0);
  CHECK(p.value(death) == 0.1);
  p.scale(death, 2.0, 0, ParameterStore::kForever);
  p.update(1'000'000);
  CHECK(p.value(death) == 0.2);
  CHECK(p.next_change_after(1'000'000) == ParameterStore::kForever);
}
