// Fuzz target: the units parser. Any text either parses into a finite value with a dimension or
// is refused with a UnitError (which the config reader turns into a file:line error, exit 2).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/units/quantity.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace msabm;

void require_finite(double value, std::string_view what, std::string_view text) {
  if (!std::isfinite(value)) {
    fuzz::finding(std::string(what) + " accepted '" + std::string(text) + "' as " + std::to_string(value));
  }
}

template <typename F>
void parse_or_refuse(F&& parse) {
  try {
    parse();
  } catch (const units::UnitError&) {
    // refused with a message: what the config reader reports as a user error
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parse_or_refuse([&] { require_finite(units::parse_quantity(text).value, "parse_quantity", text); });
  parse_or_refuse([&] { require_finite(units::parse_unit(text).value, "parse_unit", text); });
  parse_or_refuse([&] { require_finite(units::split_quantity(text).number, "split_quantity", text); });
  // As config keys read them: the text against a unit of each kind the models use.
  for (const std::string_view unit : {"um", "min", "um^2/min", "1/min", "mol/um^3", "1/kg", "unit/min", "1"}) {
    parse_or_refuse([&] { require_finite(units::to_internal(text, unit), "to_internal", text); });
    parse_or_refuse([&] { require_finite(units::from_internal(1.0, text), "from_internal", text); });
  }
  if (const auto number = units::parse_number(text)) require_finite(*number, "parse_number", text);
  return 0;
}
