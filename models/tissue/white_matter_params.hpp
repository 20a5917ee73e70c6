#pragma once
// Parameters of the white_matter contents model (myelin, BBB, axons, lesion readouts), read from
// patches.<p>.contents.<name>. Rates are per minute, times in minutes, as everywhere inside msabm.
#include "engine/config/section.hpp"
#include "models/tissue/tissue_state.hpp"

namespace msabm::tissue {

struct MyelinParams {
  double period = 60;            ///< min
  double breakdown_rate = 0;     ///< 1/min: unsupported myelin -> debris
  double maintenance_rate = 0;   ///< 1/min: supported myelin repaired toward its support
  double antibody_damage = 0;    ///< 1/min at saturating antibody (complement-mediated)
  double antibody_ec50 = 0;      ///< field units
  double pdgf_secretion = 0;     ///< amount/min from one fully demyelinated voxel
  std::string oligodendrocytes = "oligodendrocyte";  ///< kind that maintains myelin
};

struct BbbParams {
  double period = 60;          ///< min
  double baseline = 0;         ///< adhesion without cytokines, 0..1
  double tnf_ec50 = 0, ifng_ec50 = 0, il17_ec50 = 0;  ///< field units
  double rise_rate = 0;        ///< 1/min, adhesion toward a higher target
  double fall_rate = 0;        ///< 1/min, adhesion toward a lower target
  double leak_rate = 0;        ///< 1/min, leak follows adhesion
  double leak_threshold = 0;   ///< leak above this is "enhancing"
};

struct AxonParams {
  double period = 1440;        ///< min
  double transection = 0;      ///< per axon per um of inflamed length per min (at index 1)
  double tnf_ec50 = 0, ifng_ec50 = 0;  ///< inflammation index: h(TNF) + h(IFN-gamma), max 1
  double chronic = 0;          ///< per axon per min, scaled by the demyelinated share of its line
};

struct LesionParams {
  double demyelinated_below = 0.5;  ///< myelin + remyelin below this share of intact axon length
  double remyelinated_share = 0.5;  ///< a myelinated voxel counts as remyelinated above this share
  int min_cluster_voxels = 1;       ///< smaller demyelinated clusters are not lesions
};

struct WhiteMatterParams {
  MyelinParams myelin;
  BbbParams bbb;
  AxonParams axons;
  LesionParams lesions;
  static WhiteMatterParams read(const config::Section& s, const TissueState& t);
};

}  // namespace msabm::tissue
