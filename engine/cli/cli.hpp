#pragma once
// The `msabm` command line: parses arguments with CLI11 and dispatches to run / check.
// Exit codes: 0 success, 2 bad input (config, command line, unreadable file), 1 internal failure,
// 3 stopped by a signal after writing a checkpoint.
#include "engine/model/registry.hpp"

namespace msabm {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
/// `run` stopped early by SIGTERM or SIGINT after writing a checkpoint (continue it with
/// `msabm run --restart DIR/checkpoint.h5`).
inline constexpr int kExitInterrupted = 3;

int cli_main(int argc, char** argv, const Registry& registry);

}  // namespace msabm
