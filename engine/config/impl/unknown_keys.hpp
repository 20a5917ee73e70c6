#pragma once
// Reader::finish(): the first key (in file order) that no Section asked for is an error.
#include "engine/config/impl/node_state.hpp"

namespace msabm::config::impl {

/// Throws ConfigError "unknown key 'spead' (did you mean 'speed'?)" at the first unread key.
void check_all_read(const NodeState& root);

}  // namespace msabm::config::impl
