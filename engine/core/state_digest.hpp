#pragma once
// A 64-bit hash over the complete simulation state, so that two runs can be compared exactly.
// XXH3 streaming; every component is preceded by its name and size so that moving bytes from
// one component to another changes the digest.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace msabm {

class StateDigest {
 public:
  StateDigest();
  ~StateDigest();
  StateDigest(const StateDigest&) = delete;
  StateDigest& operator=(const StateDigest&) = delete;

  void add_bytes(std::string_view label, const void* data, std::size_t bytes);
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void add(std::string_view label, std::span<const T> values) {
    add_bytes(label, values.data(), values.size_bytes());
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void add_value(std::string_view label, const T& value) {
    add_bytes(label, &value, sizeof(T));
  }
  [[nodiscard]] std::uint64_t value() const;
  /// 16 lowercase hex digits.
  [[nodiscard]] std::string hex() const;

 private:
  void* state_;
};

}  // namespace msabm
