#include "engine/io/signals.hpp"

#include <array>

namespace msabm {

namespace {

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_checkpoint = 0;

constexpr std::array<int, 3> kSignals{SIGTERM, SIGINT, SIGUSR1};

extern "C" void on_signal(int signal) {
  if (signal == SIGUSR1) {
    g_checkpoint = 1;
    return;
  }
  if (g_stop != 0) {  // asked twice: stop now
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  g_stop = signal;
}

}  // namespace

SignalWatch::SignalWatch() {
  g_stop = 0;
  g_checkpoint = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &action, &previous_[i]);
}

SignalWatch::~SignalWatch() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

int SignalWatch::stop_signal() const { return g_stop; }

bool SignalWatch::take_checkpoint_request() {
  if (g_checkpoint == 0) return false;
  g_checkpoint = 0;
  return true;
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGUSR1: return "SIGUSR1";
    default: return "a signal";
  }
}

}  // namespace msabm
