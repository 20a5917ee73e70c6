#pragma once
// Reader::finish(): every key that no Section asked for is an error.
#include <string>
#include <vector>

#include "engine/config/impl/node_state.hpp"

namespace msabm::config::impl {

/// "unknown key 'spead' (did you mean 'speed'?)", or the valid keys when none is close.
std::string unknown_message(const std::string& key, const std::vector<std::string>& known);

/// "unknown key 'spead' (did you mean 'speed'?)" at every unread key, in file order (the
/// keys inside an unread key are not listed again).
std::vector<ConfigError> unread_keys(const NodeState& root);

}  // namespace msabm::config::impl
