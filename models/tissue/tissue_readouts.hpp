#pragma once
// Readouts of a white-matter patch, as a pathologist or radiologist would measure it: myelin
// content, demyelinated and remyelinated volume, axon loss, debris, BBB leak volume (the
// gadolinium-enhancement proxy) and lesions as 6-connected clusters of demyelinated voxels.
#include <memory>
#include <string>

#include "engine/core/simulation.hpp"
#include "models/tissue/tissue_state.hpp"
#include "models/tissue/white_matter_params.hpp"

namespace msabm::tissue {

/// Demyelinated clusters of a patch: 6-connected white-matter voxels whose myelin + remyelin is
/// below `demyelinated_below` of a fully myelinated voxel (axon loss counts as loss).
struct LesionCensus {
  int count = 0;                 ///< clusters of at least min_cluster_voxels
  std::size_t voxels = 0;        ///< voxels in those clusters
  std::size_t largest = 0;       ///< voxels in the largest
};
LesionCensus census_lesions(const TissueState& t, const LesionParams& p);

void add_tissue_readouts(Simulation& sim, TissueState& t, const WhiteMatterParams& p);

}  // namespace msabm::tissue
