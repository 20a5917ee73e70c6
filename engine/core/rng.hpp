#pragma once
// Counter-based random numbers (Random123 Philox4x64-10). A generator is keyed by
// (seed, purpose); every draw is addressed by a counter (agent id, step, draw index). There is
// no generator state to share or to save: the same (seed, purpose, id, step) gives the same
// numbers on any thread, in any order, before or after a restart.
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include <Random123/philox.h>

namespace msabm {

__extension__ using Uint128 = unsigned __int128;  // GCC/Clang builtin; -Wpedantic-safe

/// Stable 64-bit key for a purpose name ("walker.motility"), so that keys never depend on
/// registration order. FNV-1a.
constexpr std::uint64_t purpose_key(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

/// Maps 64 random bits to a double uniform on [0, 1).
inline double to_unit_interval(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// The four 64-bit words of one Philox call.
using RandomBlock = std::array<std::uint64_t, 4>;

/// A sequence of draws for one (id, step): four 64-bit words per Philox call.
class RandomStream {
 public:
  RandomStream(const r123::Philox4x64::key_type& key, std::uint64_t id, std::uint64_t step)
      : key_(key), counter_{{id, step, 0, 0}} {}
  /// The same stream, its first block already computed (see CounterRng::first_block).
  RandomStream(const r123::Philox4x64::key_type& key, std::uint64_t id, std::uint64_t step,
               const RandomBlock& first)
      : key_(key), counter_{{id, step, 1, 0}}, block_(first), used_(0) {}

  std::uint64_t bits() {
    if (used_ == 4) refill();
    return block_[used_++];
  }
  double uniform() { return to_unit_interval(bits()); }
  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^64).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<Uint128>(bits()) * n) >> 64);
  }
  bool bernoulli(double p) { return uniform() < p; }
  /// Standard normal deviate (Box-Muller, uses two uniforms).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  void refill() {
    const r123::Philox4x64 philox;
    const auto out = philox(counter_, key_);
    for (int i = 0; i < 4; ++i) block_[i] = out.v[i];
    ++counter_.v[2];
    used_ = 0;
  }
  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  std::array<std::uint64_t, 4> block_{};
  int used_ = 4;
};

/// A generator for one purpose within one run.
class CounterRng {
 public:
  CounterRng() : CounterRng(0, 0) {}
  CounterRng(std::uint64_t seed, std::uint64_t purpose) : key_{{seed, purpose}} {}
  CounterRng(std::uint64_t seed, std::string_view purpose) : CounterRng(seed, purpose_key(purpose)) {}

  [[nodiscard]] RandomStream stream(std::uint64_t id, std::uint64_t step) const {
    return {key_, id, step};
  }
  /// The first four words of stream(id, step). Filling these for a batch of agents in a loop
  /// of its own, with no branches, lets the processor overlap the Philox rounds of many agents
  /// (one stream alone is a long chain of dependent multiplications).
  [[nodiscard]] RandomBlock first_block(std::uint64_t id, std::uint64_t step) const {
    const r123::Philox4x64 philox;
    const auto out = philox({{id, step, 0, 0}}, key_);
    return {out.v[0], out.v[1], out.v[2], out.v[3]};
  }
  /// stream(id, step) from its first block (computed by first_block(id, step)).
  [[nodiscard]] RandomStream stream(std::uint64_t id, std::uint64_t step,
                                    const RandomBlock& first) const {
    return {key_, id, step, first};
  }
  /// The first uniform of stream(id, step), without building a stream.
  [[nodiscard]] double uniform(std::uint64_t id, std::uint64_t step) const {
    const r123::Philox4x64 philox;
    return to_unit_interval(philox({{id, step, 0, 0}}, key_).v[0]);
  }

 private:
  r123::Philox4x64::key_type key_;
};

}  // namespace msabm
