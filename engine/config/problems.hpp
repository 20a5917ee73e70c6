#pragma once
// What loading a config found wrong, all at once: the errors (each would stop the run) and the
// warnings (input accepted but probably not meant: a duration that is not a whole number of
// steps, an event after the end of the run, a region outside its lattice).
#include <string>
#include <vector>

#include "engine/config/error.hpp"

namespace msabm::config {

/// Input that is accepted but probably not what the user meant. text() reads like an error:
/// "file:line:col: key 'a.b': message".
struct Warning {
  Location where;
  std::string key_path;
  std::string message;
  [[nodiscard]] std::string text() const;
};

/// Several input errors, reported together. what(): the one message when there is one,
/// otherwise "N errors:" and one indented line per error, in file order.
class ConfigErrors : public InputError {
 public:
  explicit ConfigErrors(std::vector<std::string> messages);
  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

/// The errors and warnings of one config load, shared by every Section of the tree.
/// Collecting is off until Reader::collect_errors(): until then (and after Reader::finish())
/// every error throws where it is found, as a value read at run time must.
class Problems {
 public:
  [[nodiscard]] bool collecting() const { return collecting_; }
  void set_collecting(bool on) { collecting_ = on; }

  /// Records `error` (once: a section read twice reports it once).
  void add_error(const ConfigError& error);
  /// Records a warning (once).
  void add_warning(Warning warning);

  [[nodiscard]] bool has_errors() const { return !errors_.empty(); }
  [[nodiscard]] const std::vector<Warning>& warnings() const { return warnings_; }

  /// Throws every recorded error and `more` (e.g. the unknown keys) in file order, then
  /// `last` (messages without a position, e.g. the error that stopped the load): one alone as
  /// it is (a ConfigError), several as ConfigErrors. Returns when there is none at all.
  void throw_if_any(const std::vector<ConfigError>& more = {},
                    const std::vector<std::string>& last = {}) const;

 private:
  bool collecting_ = false;
  std::vector<ConfigError> errors_;
  std::vector<Warning> warnings_;
};

}  // namespace msabm::config
