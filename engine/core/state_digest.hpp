#pragma once
// A 64-bit hash over the complete simulation state, so that two runs can be compared exactly.
// XXH3 streaming; every component is preceded by its name and size so that moving bytes from
// one component to another changes the digest.
#include <cstdint>
#include <string>
#include <string_view>

namespace msabm {

class StateDigest {
 public:
  StateDigest();
  ~StateDigest();
  StateDigest(const StateDigest&) = delete;
  StateDigest& operator=(const StateDigest&) = delete;

  void add_bytes(std::string_view label, const void* data, std::size_t bytes);
  [[nodiscard]] std::uint64_t value() const;
  /// 16 lowercase hex digits.
  [[nodiscard]] std::string hex() const;

 private:
  void* state_;
};

}  // namespace msabm
