#pragma once
// Physical quantities written as text in configs ("12 um/min", "3 d", "2e-7 cm^2/s").
// They are converted once, at load, into the engine's internal units:
//   length um, time min, mass kg, amount mol (counts such as "cells" or "unit" are pure numbers).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace msabm::units {

/// Exponents of the base dimensions. Dimensionless is all zero.
struct Dimension {
  std::int8_t length = 0;
  std::int8_t time = 0;
  std::int8_t mass = 0;
  std::int8_t amount = 0;
  friend bool operator==(const Dimension&, const Dimension&) = default;
  [[nodiscard]] bool dimensionless() const { return *this == Dimension{}; }
  /// Human-readable name, e.g. "length/time" or "1/time" or "dimensionless".
  [[nodiscard]] std::string describe() const;
};

/// A value in internal units together with its dimension.
struct Quantity {
  double value = 0.0;
  Dimension dimension;
};

/// Thrown on text that is not a valid quantity or unit; the message says why.
class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a unit expression ("um^2/min", "1/kg", "mmHg", "cells/uL"); value is the factor
/// that converts one of that unit into internal units.
Quantity parse_unit(std::string_view unit);

/// Parses "NUMBER [UNIT]"; a bare number is dimensionless.
Quantity parse_quantity(std::string_view text);

/// Parses text and checks it has the dimension of expected_unit; returns internal units.
/// Errors name what was expected ("expected a time, e.g. '3 d'") and what was found.
double to_internal(std::string_view text, std::string_view expected_unit);

/// Converts a value in internal units into expected_unit (for printing).
double from_internal(double internal_value, std::string_view unit);

// ---- additions to the original contract ----

/// Parses the whole text (surrounding blanks allowed) as a C-style floating-point number
/// ("2e-7", "-3.5", ".5", "+1"); nullopt for anything else (units, "inf", "nan", "1,5").
std::optional<double> parse_number(std::string_view text);

/// A quantity as written: its number and its unit ("" for a bare number).
struct WrittenQuantity {
  double number = 0.0;
  std::string unit;
};

/// Splits "15 um^2/min" into {15, "um^2/min"} ("3" into {3, ""}) and checks that the unit is
/// valid; UnitError otherwise, as parse_quantity.
WrittenQuantity split_quantity(std::string_view text);

/// "a length", "an amount", "a dimensionless number": the dimension with its article.
std::string describe_with_article(const Dimension& dimension);

}  // namespace msabm::units
