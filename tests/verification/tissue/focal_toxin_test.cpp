// Validation: configs/tissue/focal_toxin.yaml, as shipped, lands in the published band of a focal
// demyelinating insult without ongoing autoimmunity (Jeffery & Blakemore 1995 J Neurocytol
// 24:775, lysolecithin in mouse spinal cord): remyelination begins on day 5-10 and is nearly
// complete on day 18-30.
//   begins:   the first day the remyelin made exceeds 5 % of the peak myelin loss;
//   complete: the first day after the peak that myelin has recovered 80 % of the peak loss.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/run/build_simulation.hpp"
#include "models/register_models.hpp"
#include "unit/tissue/tissue_test_util.hpp"

using namespace msabm;

TEST_CASE("tissue: focal_toxin remyelination begins on day 5-10 and is nearly complete by day 18-30",
          "[tissue][validation]") {
  Registry registry;
  register_all_models(registry);
  config::Reader reader(config::Tree::load_file(MSABM_SOURCE_DIR "/configs/tissue/focal_toxin.yaml"));
  auto sim = build_simulation(reader.root(), registry, BuildOptions{{}, 2});
  // (output settings are the run command's: `msabm check` covers the whole file)
  const double day = 1440.0;
  std::vector<double> days, myelin, remyelin;
  while (!sim->finished()) {
    sim->step();
    if (sim->tick() % sim->ticks_for(0.25 * day) == 0) {
      days.push_back(sim->protocol_time() / day);
      myelin.push_back(testing::readout(*sim, "lesion.myelin"));
      remyelin.push_back(testing::readout(*sim, "lesion.remyelin"));
    }
  }
  const auto low = std::min_element(myelin.begin(), myelin.end());
  const double peak_loss = 1.0 - *low;
  REQUIRE(peak_loss > 0.01);  // a lesion formed (~2-3 % of the block's myelin)
  double begins = -1, complete = -1;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (begins < 0 && remyelin[i] > 0.05 * peak_loss) begins = days[i];
  }
  for (auto it = low; it != myelin.end(); ++it) {
    if (1.0 - *it <= 0.2 * peak_loss) {
      complete = days[static_cast<std::size_t>(it - myelin.begin())];
      break;
    }
  }
  INFO("peak loss " << peak_loss << ", remyelination begins day " << begins << ", nearly complete day " << complete);
  CHECK(begins >= 5.0);
  CHECK(begins <= 10.0);
  CHECK(complete >= 18.0);
  CHECK(complete <= 30.0);
}
