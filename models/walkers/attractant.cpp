#include "models/walkers/attractant.hpp"

namespace msabm::walkers {

Attractant Attractant::read(const config::Section& s) {
  Attractant a;
  const std::string type = s.choice("type", "none", {"none", "uniform", "point", "field"});
  if (type == "uniform") {
    a.type = Type::Uniform;
    const auto d = s.quantity3("direction", "1", "[1, 0, 0]");
    a.direction = normalised(d);
    if (a.direction == std::array<double, 3>{0, 0, 0}) s.fail("direction", "must not be zero");
  } else if (type == "point") {
    a.type = Type::Point;
    a.centre = s.quantity3("centre", "um");
  } else if (type == "field") {
    a.type = Type::Field;
    a.field = s.string("field");
  }
  return a;
}

}  // namespace msabm::walkers
