#pragma once
// Signals a long run reacts to (Slurm sends one of them before a job's time limit):
//   SIGTERM, SIGINT  finish the current step, write a checkpoint, exit with kExitInterrupted (3);
//                    a second one ends the program at once (default action);
//   SIGUSR1          write a checkpoint after the current step and go on.
// The handlers only set flags; the run loop polls them between steps.
#include <csignal>

namespace msabm {

class SignalWatch {
 public:
  /// Installs the handlers; the destructor puts the previous ones back.
  SignalWatch();
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  /// The stop signal received (SIGTERM or SIGINT), or 0.
  [[nodiscard]] int stop_signal() const;
  /// True once per SIGUSR1 received since the last call.
  bool take_checkpoint_request();

 private:
  struct sigaction previous_[3];
};

/// "SIGTERM", "SIGINT", ...
const char* signal_name(int signal);

}  // namespace msabm
