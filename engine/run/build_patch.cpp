#include "engine/run/build_patch.hpp"

#include <fmt/format.h>

#include "engine/core/memory_limit.hpp"
#include "engine/core/period_config.hpp"
#include "engine/core/region.hpp"
#include "engine/fields/field_config.hpp"
#include "engine/fields/field_set.hpp"
#include "engine/run/field_process.hpp"

namespace msabm {

namespace {

Patch& read_lattice(const config::Section& s, const std::string& name, Simulation& sim) {
  const config::Section lat = s.section("lattice");
  LatticeShape shape;
  const auto dims = lat.integer3("dims", {20, 20, 20}, 1, 4096);
  for (int a = 0; a < 3; ++a) shape.dims[a] = static_cast<int>(dims[a]);
  const std::int64_t voxels = dims[0] * dims[1] * dims[2];
  if (voxels >= 0xFFFFFFFFll) lat.fail("dims", "too many voxels (>= 2^32)");
  if (const auto why = over_memory_limit(static_cast<double>(voxels) * kLatticeBytesPerVoxel)) {
    lat.fail("dims", fmt::format("a lattice of {} voxels {}", voxels, *why));
  }
  shape.voxel_size = lat.quantity("voxel_size", "um", "10 um", config::Range::positive());
  shape.origin = lat.quantity3("origin", "um", "[0 um, 0 um, 0 um]");
  const auto capacity = static_cast<std::uint16_t>(lat.integer("capacity", 1, 1, 65535));

  // Tissue labels: names, then regions painted in order (later regions win).
  std::vector<std::string> labels;
  const config::Section tissue = lat.section("tissue");
  for (const auto& label : tissue.keys()) labels.push_back(label);
  if (labels.empty()) labels.push_back("white_matter");
  if (labels.size() > 255) lat.fail("tissue", "at most 255 tissue labels");
  if (name == "systemic_tables") s.fail("", "'systemic_tables' is reserved (snapshots keep the tables there)");
  Patch& patch = sim.add_patch(name, shape, capacity, labels);
  for (std::size_t l = 0; l < labels.size() && tissue.has(labels[l]); ++l) {
    const config::Section label_section = tissue.section(labels[l]);
    for (const config::Section& r : label_section.list("regions")) {
      const Region region = read_region(r);
      warn_if_outside(r, region, patch.lattice());
      for (VoxelIndex v : region.voxels(patch.lattice())) {
        patch.lattice().set_label(v, static_cast<std::uint8_t>(l));
      }
    }
  }
  return patch;
}

void read_fields_of(const config::Section& s, Patch& patch, Simulation& sim) {
  if (!s.has("fields")) return;
  const config::Section fs = s.section("fields");
  fields::FieldsConfig fc = fields::read_fields(fs, patch.lattice(), patch.label_names());
  const auto voxels = static_cast<double>(patch.lattice().voxel_count());
  if (const auto why = over_memory_limit(voxels * (kLatticeBytesPerVoxel +
                                                   static_cast<double>(fc.substances.size()) * kFieldBytesPerVoxel))) {
    s.fail("fields", fmt::format("{} fields on {} voxels {}", fc.substances.size(), patch.lattice().voxel_count(), *why));
  }
  try {
    patch.add_component(std::make_unique<FieldSet>(patch.lattice(), std::move(fc.substances), fc.solver));
  } catch (const std::invalid_argument& e) {
    s.fail("fields", e.what());
  }
  // The fields' own clock: they advance at this period, after agents secreted and took up.
  const config::Section solver = fs.section("solver");
  const double period = solver.quantity("period", "min", fmt::format("{} min", sim.clock().step),
                                        config::Range::positive());
  install_field_process(sim, patch, period_ticks(sim, solver, "period", period));
}

}  // namespace

void PatchModels::install(Simulation& sim) {
  for (auto& m : contents) m->install(sim);
  for (auto& m : kinds) m->install(sim, *patch);
  // Processes may refer to their model: the simulation keeps it while the patch lives.
  for (auto& m : contents) sim.keep_alive(std::shared_ptr<Model>(std::move(m)), patch->uid());
  for (auto& m : kinds) sim.keep_alive(std::shared_ptr<KindModel>(std::move(m)), patch->uid());
  contents.clear();
  kinds.clear();
}

PatchModels read_patch(const config::Section& s, const std::string& name, Simulation& sim,
                       const Registry& registry) {
  PatchModels models;
  models.patch = &read_lattice(s, name, sim);
  Patch& patch = *models.patch;
  read_fields_of(s, patch, sim);
  const config::Section contents = s.section("contents");
  for (const auto& content : contents.keys()) {
    const config::Section cs = contents.section(content);
    const std::string model = cs.choice("model", registry.patch_model_names());
    models.contents.push_back((*registry.patch_model(model))(cs, patch, content));
  }
  const config::Section agents = s.section("agents");
  for (const auto& kind_name : agents.keys()) {
    const config::Section ks = agents.section(kind_name);
    const std::string model = ks.choice("model", registry.kind_model_names());
    models.kinds.push_back((*registry.kind_model(model))(ks, patch, kind_name));
  }
  return models;
}

}  // namespace msabm
