#pragma once
// Parameters of the first model's mobile "walker" cells and static "target" cells.
// Internal units: um, min. Each field names its YAML key under patches.<p>.agents.<kind>.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/core/placement.hpp"
#include "models/walkers/attractant.hpp"
#include "models/walkers/traits.hpp"

namespace msabm::walkers {

/// contact.attach: walkers kill only prey they are attached to. A free walker attaches to a
/// prey in contact at rate `rate` x d(distance) x scale(prey trait), summed over the prey in
/// contact (it picks one in proportion); an attached walker stays put, kills its prey at
/// kill_rate x scale(prey trait), and otherwise detaches at rate 1 / lifetime. d is 1 up to
/// full_rate_distance and falls linearly to 0 at max_distance (distances between voxel centres).
struct AttachParams {
  bool enabled = false;
  double rate = 0;                 ///< contact.attach.rate (1/min)
  double full_rate_distance = 0;   ///< contact.attach.full_rate_distance (um)
  double max_distance = 0;         ///< contact.attach.max_distance (um)
  double lifetime = 0;             ///< contact.attach.lifetime (min): mean attachment; 0 = for ever
  TraitScale scale;                ///< contact.attach.scale_by (trait "" : factor 1)

  /// d(distance): the share of `rate` at a distance between voxel centres.
  [[nodiscard]] double distance_factor(double distance) const {
    if (distance <= full_rate_distance) return 1.0;
    if (distance >= max_distance) return 0.0;
    return (max_distance - distance) / (max_distance - full_rate_distance);
  }
};

struct WalkerParams {
  std::size_t count = 0;           ///< count: initial agents
  Placement placement;             ///< placement: where the initial agents go
  std::uint16_t volume = 1;        ///< volume: occupancy units per agent
  double diffusivity = 0;          ///< motility.diffusivity (um^2/min): random motility D
  double motility_period = 1;      ///< motility.period (min)
  double persistence_time = 0;     ///< motility.persistence_time (min): 0 = a fresh face each jump
  double speed = 0;                ///< motility.speed (um/min): of a persistent walk
  double bias = 0;                 ///< chemotaxis.bias (0..1): share of chemotactic steps
  Attractant attractant;           ///< chemotaxis.gradient
  std::string prey;                ///< contact.prey: kind name killed on contact ("" none)
  double kill_rate = 0;            ///< contact.kill_rate (1/min): per contact-minute
  double contact_period = 1;       ///< contact.period (min)
  AttachParams attach;             ///< contact.attach
  double division_rate = 0;        ///< population.division_rate (1/min)
  double death_rate = 0;           ///< population.death_rate (1/min)
  double population_period = 1;    ///< population.period (min)
  std::vector<TraitSpec> traits;   ///< traits

  static WalkerParams read(const config::Section& s, const std::string& kind);
};

struct TargetParams {
  std::size_t count = 0;     ///< count
  Placement placement;       ///< placement
  std::uint16_t volume = 1;  ///< volume
  std::vector<TraitSpec> traits;  ///< traits

  static TargetParams read(const config::Section& s, const std::string& kind);
};

}  // namespace msabm::walkers
