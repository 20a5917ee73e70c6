#include "engine/core/state_digest.hpp"

#include <fmt/format.h>
#include <xxhash.h>

namespace msabm {

StateDigest::StateDigest() : state_(XXH3_createState()) { XXH3_64bits_reset(static_cast<XXH3_state_t*>(state_)); }
StateDigest::~StateDigest() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }

void StateDigest::add_bytes(std::string_view label, const void* data, std::size_t bytes) {
  auto* s = static_cast<XXH3_state_t*>(state_);
  const std::uint64_t header[2] = {label.size(), bytes};
  XXH3_64bits_update(s, label.data(), label.size());
  XXH3_64bits_update(s, header, sizeof header);
  if (bytes > 0) XXH3_64bits_update(s, data, bytes);
}

std::uint64_t StateDigest::value() const {
  return XXH3_64bits_digest(static_cast<XXH3_state_t*>(state_));
}

std::string StateDigest::hex() const { return fmt::format("{:016x}", value()); }

}  // namespace msabm
