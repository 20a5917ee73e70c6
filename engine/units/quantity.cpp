#include "engine/units/quantity.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "engine/units/suggest.hpp"

namespace msabm::units {
namespace {

// A unit symbol: one of it is mul/div internal units (two factors keep e.g. cm^2/s exact).
struct Symbol {
  std::string_view name;
  double mul;
  double div;
  Dimension dim;
};

constexpr Dimension kNone{};
constexpr Dimension kLength{1, 0, 0, 0};
constexpr Dimension kTime{0, 1, 0, 0};
constexpr Dimension kMass{0, 0, 1, 0};
constexpr Dimension kAmount{0, 0, 0, 1};
constexpr Dimension kVolume{3, 0, 0, 0};
constexpr Dimension kMolar{-3, 0, 0, 1};
constexpr Dimension kPressure{-1, -2, 1, 0};  // kg/(um min^2)

constexpr double kDay = 1440.0;
constexpr double kPa = 3600.0 / 1e6;  // 1 kg/(m s^2) = 3600 kg / (1e6 um min^2)

constexpr std::array kSymbols{
    // length, internal um
    Symbol{"m", 1e6, 1, kLength},
    Symbol{"cm", 1e4, 1, kLength},
    Symbol{"mm", 1e3, 1, kLength},
    Symbol{"um", 1, 1, kLength},
    Symbol{"\xC2\xB5m", 1, 1, kLength},
    Symbol{"\xCE\xBCm", 1, 1, kLength},
    Symbol{"nm", 1, 1e3, kLength},
    // time, internal min
    Symbol{"ms", 1, 60000, kTime},
    Symbol{"s", 1, 60, kTime},
    Symbol{"sec", 1, 60, kTime},
    Symbol{"min", 1, 1, kTime},
    Symbol{"h", 60, 1, kTime},
    Symbol{"hr", 60, 1, kTime},
    Symbol{"hour", 60, 1, kTime},
    Symbol{"hours", 60, 1, kTime},
    Symbol{"d", kDay, 1, kTime},
    Symbol{"day", kDay, 1, kTime},
    Symbol{"days", kDay, 1, kTime},
    Symbol{"wk", 7 * kDay, 1, kTime},
    Symbol{"week", 7 * kDay, 1, kTime},
    Symbol{"weeks", 7 * kDay, 1, kTime},
    Symbol{"y", 365.25 * kDay, 1, kTime},
    Symbol{"yr", 365.25 * kDay, 1, kTime},
    Symbol{"year", 365.25 * kDay, 1, kTime},
    Symbol{"years", 365.25 * kDay, 1, kTime},
    // mass, internal kg
    Symbol{"kg", 1, 1, kMass},
    Symbol{"g", 1, 1e3, kMass},
    Symbol{"mg", 1, 1e6, kMass},
    Symbol{"ug", 1, 1e9, kMass},
    Symbol{"\xC2\xB5g", 1, 1e9, kMass},
    Symbol{"ng", 1, 1e12, kMass},
    Symbol{"pg", 1, 1e15, kMass},
    // amount, internal mol
    Symbol{"mol", 1, 1, kAmount},
    Symbol{"mmol", 1, 1e3, kAmount},
    Symbol{"umol", 1, 1e6, kAmount},
    Symbol{"nmol", 1, 1e9, kAmount},
    Symbol{"pmol", 1, 1e12, kAmount},
    // volume, internal um^3 (1 L = 1e-3 m^3 = 1e15 um^3)
    Symbol{"L", 1e15, 1, kVolume},
    Symbol{"mL", 1e12, 1, kVolume},
    Symbol{"uL", 1e9, 1, kVolume},
    Symbol{"nL", 1e6, 1, kVolume},
    Symbol{"pL", 1e3, 1, kVolume},
    Symbol{"fL", 1, 1, kVolume},
    // molar, internal mol/um^3
    Symbol{"M", 1, 1e15, kMolar},
    Symbol{"mM", 1, 1e18, kMolar},
    Symbol{"uM", 1, 1e21, kMolar},
    Symbol{"nM", 1, 1e24, kMolar},
    Symbol{"pM", 1, 1e27, kMolar},
    // pressure, internal kg/(um min^2)
    Symbol{"Pa", kPa, 1, kPressure},
    Symbol{"kPa", 1e3 * kPa, 1, kPressure},
    Symbol{"mmHg", 133.322 * kPa, 1, kPressure},
    // dimensionless counts
    Symbol{"unit", 1, 1, kNone},
    Symbol{"units", 1, 1, kNone},
    Symbol{"cell", 1, 1, kNone},
    Symbol{"cells", 1, 1, kNone},
    Symbol{"count", 1, 1, kNone},
    Symbol{"counts", 1, 1, kNone},
    Symbol{"copies", 1, 1, kNone},
    Symbol{"molecule", 1, 1, kNone},
    Symbol{"molecules", 1, 1, kNone},
    Symbol{"%", 1, 100, kNone},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Length of the C-style number at the start of s (0 when there is none).
std::size_t number_length(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      while (j < s.size() && is_digit(s[j])) ++j;
      i = j;
    }
  }
  return i;
}

std::optional<double> to_double(std::string_view token) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc{} || end != token.data() + token.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

struct Split {
  double number;
  std::string_view unit;  // empty for a bare number
};

Split split_text(std::string_view text) {
  const std::string_view t = trim(text);
  const std::size_t n = number_length(t);
  const std::string_view rest = t.substr(n);
  if (n == 0 ||
      (!rest.empty() && (is_digit(rest.front()) || rest.front() == '.' || rest.front() == ',' ||
                         rest.front() == '+' || rest.front() == '-'))) {
    throw UnitError(
        fmt::format("malformed number in '{}': a quantity is a number and a unit, "
                    "such as '12 um/min' or '2e-7 cm^2/s'",
                    t));
  }
  const auto value = to_double(t.substr(0, n));
  if (!value) throw UnitError(fmt::format("number out of range in '{}'", t));
  return {*value, trim(rest)};
}

struct Accumulator {
  double mul = 1.0;
  double div = 1.0;
  std::array<int, 4> dim{};
};

int parse_exponent(std::string_view text, std::string_view term, std::string_view unit) {
  int value = 0;
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value < -9 ||
      value > 9) {
    throw UnitError(
        fmt::format("bad exponent '^{}' in '{}' of unit '{}' (expected a small "
                    "integer such as ^2 or ^-1)",
                    text, term, unit));
  }
  return value;
}

[[noreturn]] void unknown_symbol(std::string_view symbol, std::string_view unit) {
  std::vector<std::string> names;
  for (const auto& s : kSymbols) names.emplace_back(s.name);
  const auto near = close_matches(symbol, names, 3);
  if (!near.empty()) {
    throw UnitError(fmt::format("unknown unit '{}' in '{}' (did you mean {}?)", symbol, unit,
                                join_list(near, true)));
  }
  throw UnitError(
      fmt::format("unknown unit '{}' in '{}' (known units include um, mm, s, min, h, "
                  "d, y, kg, g, mol, L, M, Pa, mmHg, cells, %)",
                  symbol, unit));
}

void apply_term(std::string_view term, int sign, std::string_view unit, Accumulator& acc) {
  std::string_view symbol = term;
  int exponent = 1;
  if (const auto caret = term.find('^'); caret != std::string_view::npos) {
    symbol = term.substr(0, caret);
    exponent = parse_exponent(term.substr(caret + 1), term, unit);
  }
  if (symbol == "1" && exponent == 1) return;
  const Symbol* found = nullptr;
  for (const auto& s : kSymbols) {
    if (s.name == symbol) found = &s;
  }
  if (found == nullptr) unknown_symbol(symbol, unit);
  const int e = sign * exponent;
  const double up = e > 0 ? found->mul : found->div;
  const double down = e > 0 ? found->div : found->mul;
  for (int k = 0; k < std::abs(e); ++k) {
    acc.mul *= up;
    acc.div *= down;
  }
  const Dimension& d = found->dim;
  acc.dim[0] += e * d.length;
  acc.dim[1] += e * d.time;
  acc.dim[2] += e * d.mass;
  acc.dim[3] += e * d.amount;
}

// Terms are separated by '*', '.' or blanks.
void apply_terms(std::string_view part, int sign, std::string_view unit, Accumulator& acc) {
  std::size_t start = 0;
  while (start <= part.size()) {
    std::size_t stop = start;
    // '.' between two digits belongs to the term (so "um^2.5" is a bad exponent).
    while (stop < part.size() && part[stop] != '*' &&
           !(part[stop] == '.' && !(stop > 0 && is_digit(part[stop - 1]) &&
                                    stop + 1 < part.size() && is_digit(part[stop + 1])))) {
      ++stop;
    }
    const std::string_view piece = trim(part.substr(start, stop - start));
    if (piece.empty()) {
      throw UnitError(
          fmt::format("empty term in unit '{}' (terms are joined by '*', '.' or a "
                      "space, e.g. 'um^2/min')",
                      unit));
    }
    std::size_t i = 0;
    while (i < piece.size()) {
      std::size_t j = i;
      while (j < piece.size() && !std::isspace(static_cast<unsigned char>(piece[j]))) ++j;
      apply_term(piece.substr(i, j - i), sign, unit, acc);
      while (j < piece.size() && std::isspace(static_cast<unsigned char>(piece[j]))) ++j;
      i = j;
    }
    start = stop + 1;
  }
}

}  // namespace

std::string Dimension::describe() const {
  if (dimensionless()) return "dimensionless";
  if (*this == kPressure) return "pressure";
  static constexpr std::array<std::string_view, 4> kNames{"length", "time", "mass", "amount"};
  const std::array<int, 4> exps{length, time, mass, amount};
  std::vector<std::string> num;
  std::vector<std::string> den;
  for (std::size_t i = 0; i < 4; ++i) {
    const int e = exps[i];
    if (e == 0) continue;
    const int a = std::abs(e);
    std::string term = a == 1 ? std::string(kNames[i]) : fmt::format("{}^{}", kNames[i], a);
    (e > 0 ? num : den).push_back(std::move(term));
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& t : v) s += (s.empty() ? "" : "*") + t;
    return s;
  };
  std::string out = num.empty() ? "1" : join(num);
  if (!den.empty()) out += "/" + (den.size() > 1 ? "(" + join(den) + ")" : den.front());
  return out;
}

std::string describe_with_article(const Dimension& dimension) {
  if (dimension.dimensionless()) return "a dimensionless number";
  const std::string name = dimension.describe();
  const bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + name;
}

std::optional<double> parse_number(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.empty() || number_length(t) != t.size()) return std::nullopt;
  return to_double(t);
}

Quantity parse_unit(std::string_view unit) {
  const std::string_view u = trim(unit);
  Accumulator acc;
  if (!u.empty()) {
    const std::size_t slash = u.find('/');
    if (slash != std::string_view::npos && u.find('/', slash + 1) != std::string_view::npos) {
      throw UnitError(
          fmt::format("unit '{}' has two '/': write every term of the denominator "
                      "after a single '/', e.g. 'kg/um*min^2'",
                      u));
    }
    const std::string_view numerator = trim(u.substr(0, slash));
    if (numerator.empty()) {
      throw UnitError(fmt::format("unit '{}' has nothing before '/' (write e.g. '1/min')", u));
    }
    apply_terms(numerator, 1, u, acc);
    if (slash != std::string_view::npos) {
      const std::string_view denominator = trim(u.substr(slash + 1));
      if (denominator.empty()) {
        throw UnitError(fmt::format("unit '{}' has nothing after '/'", u));
      }
      apply_terms(denominator, -1, u, acc);
    }
  }
  Quantity q;
  q.value = acc.mul / acc.div;
  // Factors multiply per term, so a long enough unit ("m^9 m^9 m^9 ...") overflows to inf (or
  // inf/inf = nan) or underflows to 0, which every value read with it would become; no real
  // unit is that far from the internal ones (tests/fuzz/regressions/units).
  if (!std::isnormal(q.value)) throw UnitError(fmt::format("unit '{}' is out of range", u));
  std::int8_t* slots[4] = {&q.dimension.length, &q.dimension.time, &q.dimension.mass,
                           &q.dimension.amount};
  for (std::size_t i = 0; i < 4; ++i) {
    if (std::abs(acc.dim[i]) > 100)
      throw UnitError(fmt::format("unit '{}' has too large exponents", u));
    *slots[i] = static_cast<std::int8_t>(acc.dim[i]);
  }
  return q;
}

WrittenQuantity split_quantity(std::string_view text) {
  const Split s = split_text(text);
  parse_unit(s.unit);
  return {s.number, std::string(s.unit)};
}

namespace {

/// number * factor, refused when the product leaves the doubles ("1e300 m^3" is inf um^3).
double scaled(double number, double factor, std::string_view text) {
  const double value = number * factor;
  if (!std::isfinite(value)) throw UnitError(fmt::format("'{}' is out of range", trim(text)));
  return value;
}

}  // namespace

Quantity parse_quantity(std::string_view text) {
  const Split s = split_text(text);
  Quantity q = parse_unit(s.unit);
  q.value = scaled(s.number, q.value, text);
  return q;
}

double to_internal(std::string_view text, std::string_view expected_unit) {
  const Quantity expected = parse_unit(expected_unit);
  const Split s = split_text(text);
  if (s.unit.empty()) {
    if (expected.dimension.dimensionless()) return s.number;
    throw UnitError(fmt::format("missing unit: expected {} such as '{}'",
                                describe_with_article(expected.dimension), trim(expected_unit)));
  }
  const Quantity found = parse_unit(s.unit);
  if (found.dimension != expected.dimension) {
    const std::string example =
        expected.dimension.dimensionless() ? "" : fmt::format(" such as '{}'", expected_unit);
    throw UnitError(fmt::format("'{}' is {}, expected {}{}", trim(text),
                                describe_with_article(found.dimension),
                                describe_with_article(expected.dimension), example));
  }
  return scaled(s.number, found.value, text);
}

double from_internal(double internal_value, std::string_view unit) {
  return internal_value / parse_unit(unit).value;
}

}  // namespace msabm::units
