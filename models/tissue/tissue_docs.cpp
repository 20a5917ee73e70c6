// What `msabm describe` says about the white_matter contents model, with the small config it
// builds to read its keys and those of every tissue cell kind (cell_docs.cpp).
#include "models/tissue/tissue_docs.hpp"

namespace msabm::tissue {

namespace {

// A tiny block with every tissue structure and every cell kind, each key written once.
constexpr const char* kTissueExample = R"(time: {step: "2 min", duration: "1 h", sort_interval: "1 h"}
patches:
  p:
    lattice: {dims: [6, 6, 6], voxel_size: "20 um", capacity: 8, tissue: {white_matter: {}, venule: {}, perivascular: {}, csf: {}}}
    fields:
      tnf: {units: "molecules/um^3", diffusion: "1800 um^2/min"}
      ifng: {units: "molecules/um^3", diffusion: "2500 um^2/min"}
      il17: {units: "molecules/um^3", diffusion: "2200 um^2/min"}
      il10: {units: "molecules/um^3", diffusion: "2200 um^2/min"}
      cxcl10: {units: "molecules/um^3", diffusion: "4000 um^2/min"}
      ccl2: {units: "molecules/um^3", diffusion: "4000 um^2/min"}
      pdgf: {units: "molecules/um^3", diffusion: "1650 um^2/min"}
      antibody: {units: "molecules/um^3", diffusion: "900 um^2/min"}
    contents:
      tissue:
        model: white_matter
        tracts:
          - {direction: x, axon_density: "1.33e5 1/mm^2"}
          - {direction: y, axon_density: "1e5 1/mm^2", region: {shape: box, min: ["0 um", "0 um", "0 um"], max: ["120 um", "120 um", "40 um"]}}
        venules: [{from: ["60 um", "60 um", "0 um"], to: ["60 um", "60 um", "120 um"], radius: "15 um", sheath: "10 um"}]
        csf: {face: z_max, thickness: "20 um"}
        myelin_volume_fraction: 0.4
        axon_kind: axon
        myelin: {period: "6 h", breakdown_half_life: "5 d", maintenance_half_life: "0 d", antibody_damage: "0.2 1/d",
                 antibody_ec50: "0.6 molecules/um^3", pdgf_secretion: "120 molecules/min", oligodendrocytes: oligodendrocyte}
        bbb: {period: "1 h", baseline_adhesion: 0.05, tnf_ec50: "0.01 molecules/um^3", ifng_ec50: "0.01 molecules/um^3",
              il17_ec50: "0.01 molecules/um^3", rise_half_life: "6 h", fall_half_life: "2 d", leak_half_life: "1 d", leak_threshold: 0.3}
        axons: {period: "1 d", transection: "0.03 1/mm*d", tnf_ec50: "0.3 molecules/um^3", ifng_ec50: "0.3 molecules/um^3", chronic: "0.02 1/y"}
        lesions: {demyelinated_below: 0.5, remyelinated_share: 0.5, min_cluster_voxels: 8}
    agents:
      oligodendrocyte:
        model: oligodendrocyte
        density: "55000 1/mm^3"
        volume: 1
        territory: "30 um"
        decide: {period: "6 h"}
        stress: {time_constant: "2 d", tnf_ec50: "1.2 molecules/um^3", ifng_ec50: "1.2 molecules/um^3",
                 antibody_ec50: "0.5 molecules/um^3", hill: 2, stressed_above: 0.5}
        death: {baseline: "9.1e-6 1/d", stress: "0.2 1/d", toxin: "0 1/d"}
        remyelination: {internodes: 30, internode_length: "80 um", rate: "0.5 1/d", window: "14 d"}
        motility: {diffusivity: "0 um^2/min", period: "1 h"}
        secretion: {stressed: {ccl2: "1 molecules/s"}}
      grafted_oligodendrocyte: {model: oligodendrocyte, count: 2}
      opc:
        model: opc
        count: 5
        activation: {rate: "2 1/d", deactivation: "0.2 1/d", pdgf_ec50: "0.1 molecules/um^3"}
        division: {cycle: "2 d", max_nearby: 4}
        differentiation: {rate: "1 1/d", debris_below: 0.1, inflammation_below: 0.3, tnf_ec50: "0.03 molecules/um^3",
                          ifng_ec50: "0.03 molecules/um^3", delay: "3 d", self_renewal: true}
        motility: {diffusivity: "0.1 um^2/min", states: [activated], period: "1 h", chemotaxis: {field: pdgf, bias: 0.5}}
        secretion: {activated: {pdgf: "1 molecules/s"}}
      resident_opc: {model: opc, density: "5000 1/mm^3"}
      microglia:
        model: phagocyte
        density: "4000 1/mm^3"
        activation: {rate: "0.5 1/h", debris_half: 0.05, ifng_ec50: "0.03 molecules/um^3"}
        resolution: {rate: "0.5 1/d", il10_ec50: "0.03 molecules/um^3", rest: "0.2 1/d"}
        phagocytosis: {uptake: "3000 um^3/d", surveilling_share: 0.1, capacity: "8000 um^3", digestion_half_life: "4 d",
                       opsonised_factor: 3, antibody_ec50: "1 molecules/um^3"}
        antigen: {display: "2 d"}
        division: {rate: "0.5 1/d", max_per_voxel: 3}
        death: {rate: "0 1/d"}
        secretion: {inflammatory: {tnf: "10 molecules/s"}, repair: {il10: "5 molecules/s"}}
        motility: {diffusivity: "0.5 um^2/min", states: [inflammatory, repair], period: "1 h", chemotaxis: {field: debris, bias: 0.5}}
      macrophage:
        model: phagocyte
        count: 1
        entry: {blood: "400 cells/uL", capture: "500 um^3/min", adhesion_factor: 1, period: "1 h", chemokine: ccl2,
                chemokine_ec50: "0.01 molecules/um^3"}
        death: {rate: "0.1 1/d"}
      th1:
        model: t_cell
        count: 1
        volume: 1
        clones: {first_id: 1000, count: 50, myelin_reactive_share: 0.2}
        entry: {blood: "100 cells/uL", capture: "1e3 um^3/min", chemokine: cxcl10}
        decide: {period: "30 min"}
        reactivation: {rate: "1 1/h", active_time: "1 d", presenters: [microglia, macrophage, b_cell]}
        suppression: {rate: "0.5 1/h", il10_ec50: "0.02 molecules/um^3", by: [treg]}
        division: {rate: "1 1/d", max_per_voxel: 4}
        kill: {prey: oligodendrocyte, rate: "0.1 1/h"}
        death: {primed: "0.35 1/d", reactivated: "0.35 1/d"}
        egress: {rate: "0.2 1/d"}
        motility: {diffusivity: "30 um^2/min", states: [primed, reactivated], period: "2 min", chemotaxis: {field: cxcl10, bias: 0.3}}
        secretion: {reactivated: {ifng: "50 molecules/s"}}
      treg:
        model: t_cell
        density: "10 1/mm^3"
        division: {rate: "1 1/d", helpers: [th1]}
      b_cell:
        model: b_cell
        volume: 1
        clones: {first_id: 5000, count: 50, myelin_reactive_share: 0.2}
        entry: {blood: "200 cells/uL", capture: "250 um^3/min", chemokine: cxcl10}
        decide: {period: "1 h"}
        antigen: {uptake: "1 1/h", debris_above: 0.05, display: "2 d"}
        help: {rate: "1 1/h", by: [th1]}
        plasma: {rate: "0.1 1/d", becomes: plasma_cell}
        death: {resting: "0.35 1/d", activated: "0.2 1/d"}
        egress: {rate: "0.2 1/d"}
        motility: {diffusivity: "30 um^2/min", states: [naive, presenting], period: "2 min", chemotaxis: {field: cxcl10, bias: 0.3}}
        secretion: {activated: {il10: "1 molecules/s"}}
      plasma_cell:
        model: plasma_cell
        volume: 1
        motility: {diffusivity: "0 um^2/min", period: "1 h"}
        secretion: {secreting: {antibody: "2000 molecules/s"}}
        death: {rate: "0.02 1/d", period: "1 d"}
readouts:
  myelin_left: {model: voxel_array, patch: p, array: myelin, measure: total, region: {shape: everywhere}}
)";

ModelDoc white_matter_doc() {
  return {"CNS white matter: axon tracts, venules and CSF; voxel myelin, debris and BBB state; axon agents",
          {
              {"tracts", "bundles of axons, in order (a later bundle with a region crosses the first)"},
              {"tracts[].direction", "axis the axons run along: x, y or z"},
              {"tracts[].axon_density", "axons crossing a unit area across the bundle"},
              {"tracts[].region", "where the bundle runs (default everywhere)"},
              {"venules", "straight venule segments (cells enter from blood at their walls)"},
              {"venules[].from", "one end of the venule's axis"},
              {"venules[].to", "the other end"},
              {"venules[].radius", "lumen radius (voxels within are labelled venule)"},
              {"venules[].sheath", "thickness of the perivascular sheath around it"},
              {"csf.face", "lattice face covered by a CSF layer (csf is optional)"},
              {"csf.thickness", "thickness of the CSF layer"},
              {"myelin_volume_fraction", "share of a voxel's volume that is myelin (converts debris to um^3)"},
              {"axon_kind", "name of the axon agent kind the model creates (one agent per line of voxels)"},
              {"myelin.period", "how often the myelin rules run"},
              {"myelin.breakdown_half_life", "myelin without living owners breaks down to debris with this half-life"},
              {"myelin.maintenance_half_life", "supported myelin is repaired toward its support with this half-life (0: never)",
               "myelin is never repaired by its owners"},
              {"myelin.antibody_damage", "rate at which antibody with complement strips myelin, at saturating antibody",
               "antibody does not strip myelin"},
              {"myelin.antibody_ec50", "antibody level of half the maximal damage"},
              {"myelin.pdgf_secretion", "PDGF released by a fully demyelinated voxel (recruits OPCs)", "bare axons release no PDGF"},
              {"myelin.oligodendrocytes", "the kind whose cells own and maintain myelin"},
              {"bbb.period", "how often the blood-brain barrier state is updated"},
              {"bbb.baseline_adhesion", "venule-wall adhesion without cytokines (0..1)"},
              {"bbb.tnf_ec50", "TNF level of half the drive raising adhesion"},
              {"bbb.ifng_ec50", "IFN-gamma level of half the drive raising adhesion"},
              {"bbb.il17_ec50", "IL-17 level of half the drive raising adhesion"},
              {"bbb.rise_half_life", "half-life of adhesion rising toward a higher target"},
              {"bbb.fall_half_life", "half-life of adhesion falling toward a lower target"},
              {"bbb.leak_half_life", "half-life of leak following adhesion"},
              {"bbb.leak_threshold", "leak above which a wall voxel counts as enhancing (leak_volume)"},
              {"axons.period", "how often axon loss is drawn"},
              {"axons.transection", "axons cut per axon per length of inflamed line per time, at full inflammation",
               "inflammation transects no axons"},
              {"axons.tnf_ec50", "TNF level of half the inflammation index"},
              {"axons.ifng_ec50", "IFN-gamma level of half the inflammation index"},
              {"axons.chronic", "loss rate per axon, times the bare share of its line", "no chronic axon loss"},
              {"lesions.demyelinated_below", "a voxel is demyelinated when myelin + remyelin is below this"},
              {"lesions.remyelinated_share", "a myelinated voxel counts as remyelinated when remyelin is above this share"},
              {"lesions.min_cluster_voxels", "smaller 6-connected demyelinated clusters are not counted as lesions"},
          },
          {kTissueExample}};
}

}  // namespace

void register_tissue_docs(Registry& registry) {
  registry.document(ModelSlot::Contents, "white_matter", white_matter_doc());
  register_cell_docs(registry);
}

}  // namespace msabm::tissue
