#pragma once
// Parameters of the first model's mobile "walker" cells and static "target" cells.
// Internal units: um, min. Each field names its YAML key under patches.<p>.agents.<kind>.
#include <cstdint>
#include <string>

#include "engine/config/section.hpp"
#include "engine/core/region.hpp"
#include "models/walkers/attractant.hpp"

namespace msabm::walkers {

struct WalkerParams {
  std::size_t count = 0;           ///< count: initial agents
  Region placement;                ///< placement: region of the initial agents
  std::uint16_t volume = 1;        ///< volume: occupancy units per agent
  double diffusivity = 0;          ///< motility.diffusivity (um^2/min): random motility D
  double motility_period = 1;      ///< motility.period (min)
  double bias = 0;                 ///< chemotaxis.bias (0..1): share of chemotactic steps
  Attractant attractant;           ///< chemotaxis.gradient
  std::string prey;                ///< contact.prey: kind name killed on contact ("" none)
  double kill_rate = 0;            ///< contact.kill_rate (1/min): per contact-minute
  double contact_period = 1;       ///< contact.period (min)
  double division_rate = 0;        ///< population.division_rate (1/min)
  double death_rate = 0;           ///< population.death_rate (1/min)
  double population_period = 1;    ///< population.period (min)

  static WalkerParams read(const config::Section& s);
};

struct TargetParams {
  std::size_t count = 0;     ///< count
  Region placement;          ///< placement
  std::uint16_t volume = 1;  ///< volume

  static TargetParams read(const config::Section& s);
};

}  // namespace msabm::walkers
