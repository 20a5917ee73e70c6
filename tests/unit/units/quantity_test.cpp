#include <catch2/catch.hpp>

#include <string>

#include "engine/units/quantity.hpp"

using namespace msabm::units;
using Catch::Matchers::Contains;

namespace {

double q(const char* text, const char* unit) {
  return to_internal(text, unit);
}

std::string error_of(const char* text, const char* unit) {
  try {
    (void)to_internal(text, unit);
  } catch (const UnitError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("units: length symbols convert to um", "[units]") {
  CHECK(q("1 m", "um") == Approx(1e6));
  CHECK(q("2 cm", "um") == Approx(2e4));
  CHECK(q("3 mm", "um") == Approx(3e3));
  CHECK(q("4 um", "um") == 4.0);
  CHECK(q("4 \xC2\xB5m", "um") == 4.0);
  CHECK(q("500 nm", "um") == Approx(0.5));
  CHECK(q("12um", "um") == 12.0);
}

TEST_CASE("units: time symbols convert to min", "[units]") {
  CHECK(q("30 s", "min") == Approx(0.5));
  CHECK(q("30 sec", "min") == Approx(0.5));
  CHECK(q("5 min", "min") == 5.0);
  CHECK(q("2 h", "min") == 120.0);
  CHECK(q("2 hr", "min") == 120.0);
  CHECK(q("3 d", "min") == 4320.0);
  CHECK(q("1 day", "min") == 1440.0);
  CHECK(q("2 days", "min") == 2880.0);
  CHECK(q("1 wk", "min") == 10080.0);
  CHECK(q("1 week", "min") == 10080.0);
  CHECK(q("1 y", "min") == Approx(365.25 * 1440));
  CHECK(q("1 yr", "min") == Approx(365.25 * 1440));
  CHECK(q("2 year", "d") == Approx(2 * 365.25 * 1440));
}

TEST_CASE("units: mass, amount, volume and molar symbols", "[units]") {
  CHECK(q("1 kg", "kg") == 1.0);
  CHECK(q("1 g", "kg") == Approx(1e-3));
  CHECK(q("1 mg", "kg") == Approx(1e-6));
  CHECK(q("1 ug", "kg") == Approx(1e-9));
  CHECK(q("1 ng", "kg") == Approx(1e-12));
  CHECK(q("1 pg", "kg") == Approx(1e-15));
  CHECK(q("1 mol", "mol") == 1.0);
  CHECK(q("1 mmol", "mol") == Approx(1e-3));
  CHECK(q("1 umol", "mol") == Approx(1e-6));
  CHECK(q("1 nmol", "mol") == Approx(1e-9));
  CHECK(q("1 pmol", "mol") == Approx(1e-12));
  CHECK(q("1 L", "um^3") == Approx(1e15));
  CHECK(q("1 mL", "um^3") == Approx(1e12));
  CHECK(q("1 uL", "um^3") == Approx(1e9));
  CHECK(from_internal(q("1 M", "M"), "mol/L") == Approx(1.0));
  CHECK(q("1 M", "mol/um^3") == Approx(1e-15));
  CHECK(q("1 nM", "M") == Approx(1e-9 * 1e-15).epsilon(1e-12));
  CHECK(from_internal(q("5 nM", "nM"), "nM") == Approx(5.0));
  CHECK(from_internal(q("2 mM", "uM"), "uM") == Approx(2000.0));
  CHECK(from_internal(q("7 pM", "pM"), "pM") == Approx(7.0));
  CHECK(q("1000 cells/uL", "cells/uL") == Approx(1000.0 / 1e9));
}

TEST_CASE("units: compound units and exact factors", "[units]") {
  CHECK(parse_unit("cm^2/s").value == 6e9);
  CHECK(q("2e-7 cm^2/s", "um^2/min") == Approx(1200.0).epsilon(1e-14));
  CHECK(q("12 um/min", "um/min") == 12.0);
  CHECK(q("1 um/s", "um/min") == Approx(60.0));
  CHECK(q("5e6 1/kg", "1/kg") == 5e6);
  CHECK(q("0.1 1/min", "1/min") == Approx(0.1));
  CHECK(q("6 1/h", "1/min") == Approx(0.1));
  CHECK(q("1 min^-1", "1/min") == 1.0);
  CHECK(q("3 kg*um/min^2", "kg um/min^2") == 3.0);
  CHECK(q("3 kg.um/min^2", "kg um/min^2") == 3.0);
  CHECK(q("1 um^2 / min", "um^2/min") == 1.0);
  const Quantity d = parse_unit("um^2/min");
  CHECK(d.dimension == Dimension{2, -1, 0, 0});
  CHECK(parse_unit("").dimension.dimensionless());
  CHECK(parse_unit("1").value == 1.0);
}

TEST_CASE("units: pressure, percent and counts", "[units]") {
  const double pa = q("1 Pa", "Pa");
  CHECK(pa == Approx(3600.0 / 1e6));
  CHECK(q("1 Pa", "kg/um*min^2") == Approx(3.6e-3));
  CHECK(q("1 kPa", "Pa") == Approx(1000 * pa));
  CHECK(q("1 mmHg", "Pa") == Approx(133.322 * pa));
  CHECK(from_internal(q("80 mmHg", "mmHg"), "mmHg") == Approx(80.0));
  CHECK(from_internal(q("80 mmHg", "mmHg"), "kPa") == Approx(80 * 0.133322));
  CHECK(parse_unit("mmHg").dimension.describe() == "pressure");
  CHECK(q("50 %", "") == Approx(0.5));
  CHECK(q("50%", "1") == Approx(0.5));
  CHECK(q("3 cells", "") == 3.0);
  CHECK(q("3 cell", "") == 3.0);
  CHECK(q("3 units", "") == 3.0);
  CHECK(q("3 unit", "") == 3.0);
  CHECK(q("3 count", "") == 3.0);
  CHECK(q("3 copies", "") == 3.0);
  CHECK(q("0.25", "") == 0.25);
}

TEST_CASE("units: numbers in C syntax", "[units]") {
  CHECK(parse_quantity("2e-7").value == 2e-7);
  CHECK(parse_quantity("-3.5 um").value == -3.5);
  CHECK(parse_quantity(".5 um").value == 0.5);
  CHECK(parse_quantity("+4 min").value == 4.0);
  CHECK(parse_quantity("1E3 um").value == 1000.0);
  CHECK(parse_number(" 12 ") == 12.0);
  CHECK_FALSE(parse_number("12 um").has_value());
  CHECK_FALSE(parse_number("inf").has_value());
  CHECK_FALSE(parse_number("nan").has_value());
  CHECK_FALSE(parse_number("").has_value());
}

TEST_CASE("units: split_quantity keeps the unit as written", "[units]") {
  const auto a = split_quantity(" 15 um^2/min ");
  CHECK(a.number == 15.0);
  CHECK(a.unit == "um^2/min");
  const auto b = split_quantity("-2.5e-3");
  CHECK(b.number == -2.5e-3);
  CHECK(b.unit.empty());
  CHECK(split_quantity("5um").unit == "um");
  CHECK(split_quantity("50 %").unit == "%");
  CHECK_THROWS_AS(split_quantity("point"), UnitError);
  CHECK_THROWS_AS(split_quantity("3 umm"), UnitError);
  CHECK_THROWS_AS(split_quantity("1,5"), UnitError);
  CHECK_THROWS_AS(split_quantity(""), UnitError);
}

TEST_CASE("units: describe dimensions", "[units]") {
  CHECK(Dimension{}.describe() == "dimensionless");
  CHECK(Dimension{1, 0, 0, 0}.describe() == "length");
  CHECK(Dimension{0, 1, 0, 0}.describe() == "time");
  CHECK(Dimension{1, -1, 0, 0}.describe() == "length/time");
  CHECK(Dimension{2, -1, 0, 0}.describe() == "length^2/time");
  CHECK(Dimension{0, -1, 0, 0}.describe() == "1/time");
  CHECK(Dimension{0, 0, -1, 0}.describe() == "1/mass");
  CHECK(Dimension{-3, 0, 0, 1}.describe() == "amount/length^3");
  CHECK(Dimension{0, -1, -1, 0}.describe() == "1/(time*mass)");
  CHECK(describe_with_article(Dimension{0, 0, 0, 1}) == "an amount");
}

TEST_CASE("units: errors name the problem", "[units]") {
  CHECK_THAT(error_of("12 umm/min", "um/min"), Contains("unknown unit 'umm'") && Contains("'um'"));
  CHECK_THAT(error_of("12 furlong", "um"),
             Contains("unknown unit 'furlong'") && Contains("known units"));
  CHECK_THAT(error_of("abc um", "um"), Contains("malformed number"));
  CHECK_THAT(error_of("1.2.3 um", "um"), Contains("malformed number"));
  CHECK_THAT(error_of("", "um"), Contains("malformed number"));
  CHECK_THAT(error_of("1 kg/um/min", "kg/um*min"), Contains("two '/'"));
  CHECK_THAT(error_of("1 um^x", "um"), Contains("bad exponent '^x'"));
  CHECK_THAT(error_of("1 um^2.5", "um"), Contains("bad exponent"));
  CHECK_THAT(error_of("1 um^", "um"), Contains("bad exponent"));
  CHECK_THAT(error_of("1 um/", "um"), Contains("nothing after '/'"));
  CHECK_THAT(error_of("5e6 /kg", "1/kg"), Contains("nothing before '/'"));
  CHECK_THAT(error_of("1 um**min", "um min"), Contains("empty term"));
  CHECK(error_of("12", "um/min") == "missing unit: expected a length/time such as 'um/min'");
  CHECK(error_of("3 um", "min") == "'3 um' is a length, expected a time such as 'min'");
  CHECK_THAT(error_of("3 cells", "min"), Contains("is a dimensionless number, expected a time"));
  CHECK_THAT(error_of("3 um", ""), Contains("expected a dimensionless number"));
  CHECK_THAT(error_of("5 kg", "1/kg"), Contains("expected a 1/mass such as '1/kg'"));
  CHECK_THROWS_AS(parse_unit("um//min"), UnitError);
}

TEST_CASE("units: values and unit factors beyond the doubles are errors (not inf or nan)", "[units]") {
  // 1e300 m^3 is 1e318 um^3: inf before the check
  CHECK_THAT(error_of("1e300 m^3", "um^3"), Contains("'1e300 m^3' is out of range"));
  CHECK_THROWS_AS(parse_quantity("1e300 m^3"), UnitError);
  // each m^9 multiplies the factor by 1e54: six of them overflow, and over six more nan
  const std::string six = "m^9 m^9 m^9 m^9 m^9 m^9";
  CHECK_THAT(error_of(("1 " + six + "/" + six).c_str(), ""), Contains("is out of range"));
  CHECK_THROWS_AS(parse_unit("nm^9 nm^9 nm^9 nm^9 nm^9 nm^9 nm^9 nm^9 nm^9 nm^9 nm^9 nm^9"), UnitError);
  CHECK(to_internal("1e300 um^3", "um^3") == 1e300);  // in range: kept
}

TEST_CASE("units: from_internal inverts to_internal", "[units]") {
  for (const char* unit :
       {"um", "mm", "s", "d", "y", "um^2/min", "cm^2/s", "1/h", "mmHg", "nM", "%"}) {
    const double internal = to_internal(std::string("2.5 ").append(unit), unit);
    CHECK(from_internal(internal, unit) == Approx(2.5));
  }
}
