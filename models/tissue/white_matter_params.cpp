#include "models/tissue/white_matter_params.hpp"

#include <cmath>

#include "engine/fields/field_config.hpp"

namespace msabm::tissue {

namespace {

using config::Range;

/// A first-order rate from a half-life (0 for an infinite or zero half-life given as 0).
double rate_from_half_life(const config::Section& s, const char* key, const char* fallback) {
  const double t = s.quantity(key, "min", fallback, Range::non_negative());
  return t > 0 ? std::log(2.0) / t : 0.0;
}

}  // namespace

WhiteMatterParams WhiteMatterParams::read(const config::Section& s, const TissueState& t) {
  WhiteMatterParams p;
  const config::Section m = s.section("myelin");
  p.myelin.period = m.quantity("period", "min", "1 h", Range::positive());
  p.myelin.breakdown_rate = rate_from_half_life(m, "breakdown_half_life", "5 d");
  p.myelin.maintenance_rate = rate_from_half_life(m, "maintenance_half_life", "0 d");
  p.myelin.antibody_damage = m.quantity("antibody_damage", "1/min", "0 1/d", Range::non_negative());
  p.myelin.antibody_ec50 = read_level(m, "antibody_ec50", t, Signal::antibody, "1 molecules/um^3");
  const int pdgf = t.field(Signal::pdgf);
  p.myelin.pdgf_secretion =
      m.quantity("pdgf_secretion", pdgf < 0 ? std::string("molecules/min") : fields::rate_unit(t.patch().fields()->spec(pdgf).units),
                 "0 molecules/min", Range::non_negative());
  p.myelin.oligodendrocytes = m.string("oligodendrocytes", "oligodendrocyte");

  const config::Section b = s.section("bbb");
  p.bbb.period = b.quantity("period", "min", "1 h", Range::positive());
  p.bbb.baseline = b.number("baseline_adhesion", 0.05, Range::probability());
  p.bbb.tnf_ec50 = read_level(b, "tnf_ec50", t, Signal::tnf, "0.01 molecules/um^3");
  p.bbb.ifng_ec50 = read_level(b, "ifng_ec50", t, Signal::ifng, "0.01 molecules/um^3");
  p.bbb.il17_ec50 = read_level(b, "il17_ec50", t, Signal::il17, "0.01 molecules/um^3");
  p.bbb.rise_rate = rate_from_half_life(b, "rise_half_life", "6 h");
  p.bbb.fall_rate = rate_from_half_life(b, "fall_half_life", "3 d");
  p.bbb.leak_rate = rate_from_half_life(b, "leak_half_life", "1 d");
  p.bbb.leak_threshold = b.number("leak_threshold", 0.3, Range::probability());

  const config::Section a = s.section("axons");
  p.axons.period = a.quantity("period", "min", "1 d", Range::positive());
  p.axons.transection = a.quantity("transection", "1/um*min", "0 1/mm*d", Range::non_negative());
  p.axons.tnf_ec50 = read_level(a, "tnf_ec50", t, Signal::tnf, "0.01 molecules/um^3");
  p.axons.ifng_ec50 = read_level(a, "ifng_ec50", t, Signal::ifng, "0.01 molecules/um^3");
  p.axons.chronic = a.quantity("chronic", "1/min", "0 1/y", Range::non_negative());

  const config::Section l = s.section("lesions");
  p.lesions.demyelinated_below = l.number("demyelinated_below", 0.5, Range{0.0, 1.0, true, true});
  p.lesions.remyelinated_share = l.number("remyelinated_share", 0.5, Range{0.0, 1.0, true, true});
  p.lesions.min_cluster_voxels = static_cast<int>(l.integer("min_cluster_voxels", 1, 1, 1 << 30));
  return p;
}

}  // namespace msabm::tissue
