#pragma once
// Errors caused by user input. Every one of them ends the program with exit code 2 and a
// one-line message that says what is wrong and where (file:line:column and key path).
#include <stdexcept>
#include <string>

namespace msabm {

/// Where a value came from: a YAML file position (1-based) or a command-line override.
struct Location {
  std::string file;  ///< config path, or "--set" for a command-line override
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown
  [[nodiscard]] std::string to_string() const;  ///< "file:line:col" (or just "file")
};

/// Bad user input (config, command line, input file). Exit code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad config value. what() reads "file:line:col: key 'a.b.c': message". For a value given on
/// the command line (Location{"--set", 0, 0}) it reads "--set a.b.c: key 'a.b.c': message".
class ConfigError : public InputError {
 public:
  ConfigError(Location where, std::string key_path, const std::string& message);
  [[nodiscard]] const Location& where() const { return where_; }
  [[nodiscard]] const std::string& key_path() const { return key_path_; }

 private:
  Location where_;
  std::string key_path_;
};

}  // namespace msabm
