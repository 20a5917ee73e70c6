#pragma once
// Reader::finish(): the first key (in file order) that no Section asked for is an error.
#include <string>
#include <vector>

#include "engine/config/impl/node_state.hpp"

namespace msabm::config::impl {

/// "unknown key 'spead' (did you mean 'speed'?)", or the valid keys when none is close.
std::string unknown_message(const std::string& key, const std::vector<std::string>& known);

/// Throws ConfigError "unknown key 'spead' (did you mean 'speed'?)" at the first unread key.
void check_all_read(const NodeState& root);

}  // namespace msabm::config::impl
