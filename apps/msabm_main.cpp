// The msabm executable: registers the shipped models and hands over to the command line.
#include "engine/cli/cli.hpp"
#include "models/register_models.hpp"

int main(int argc, char** argv) {
  msabm::Registry registry;
  msabm::register_all_models(registry);
  return msabm::cli_main(argc, argv, registry);
}
