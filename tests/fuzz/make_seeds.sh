#!/usr/bin/env bash
# Writes the fuzzers' seed inputs into DIR/{config,set,units}: every shipped config (its
# `extends:` rewritten to resolve from configs/fuzz/, where the config target writes its input),
# --set lines over shipped bases, and quantities. The kept corpus (tests/fuzz/corpus) is what
# fuzzing these grew into, minimised with -merge=1 (tests/fuzz/README.md).
#   tests/fuzz/make_seeds.sh /tmp/msabm-seeds
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: make_seeds.sh DIR}
mkdir -p "$out"/{config,set,units}

# Shipped configs, as if written in configs/fuzz/ (not the benchmarks', slow by design: 120000
# agents take seconds to place under ASan).
while IFS= read -r f; do
  rel=${f#"$src"/configs/}
  dir=$(dirname "$rel")
  name=$(echo "$rel" | tr '/' '_')
  if [[ $dir == . ]]; then prefix=../; else prefix=../$dir/; fi
  sed -E "s|^extends:[[:space:]]*([^[:space:]#]+)|extends: ${prefix}\1|" "$f" >"$out/config/$name"
done < <(find "$src/configs" -name '*.yaml' -not -path '*/bench/*' | sort)  # bench configs: seconds each

# Hand-written edges: empty, not a map, self-extension, a folder as base, deep nesting,
# aliases that multiply, a huge lattice, huge counts.
edge() { printf '%s\n' "$2" >"$out/config/edge_$1.yaml"; }
edge empty ''
edge list '[1, 2, 3]'
edge self 'extends: input.yaml'
edge folder 'extends: ../tissue'
edge deep "a: $(printf '[%.0s' {1..3000})"
edge aliases "$(printf 'a: &a [1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g]\ni: [*h, *h, *h, *h, *h, *h, *h, *h]')"
edge lattice $'time: {step: "1 min", duration: "1 h"}\npatches: {p: {lattice: {dims: [1600, 1600, 1600]}}}'
edge count $'time: {step: "1 min", duration: "1 h"}\npatches: {p: {lattice: {dims: [100, 100, 100], capacity: 200}, agents: {w: {model: walker, count: 100000000}}}}'

# --set: first line the base (under configs/), then one override per line.
i=0
set_seed() { printf '%s\n' "$@" >"$out/set/seed$((i++))"; }
set_seed default.yaml 'time.duration="2 h"' 'seed=7'
set_seed default.yaml 'patches.lesion.lattice.dims=[10,10,10]' 'patches.lesion.agents.target.count=5'
set_seed default.yaml 'protocol[0].count=3' 'protocol[0]={at: "1 h", action: add_agents, patch: lesion, kind: effector, count: 1}'
set_seed default.yaml 'patches.lesion.agents.target.exchange[0].secretion="2 unit/min"'
set_seed default.yaml 'patches.lesion.agents.effector.motility.diffusivity="2e-7 cm^2/s"' 'output={progress: false}'
set_seed default.yaml 'protocol[5].count=1'
set_seed default.yaml 'time.step' 'a..b=1' 'x]=1' '=3'
set_seed tissue/white_matter.yaml 'time.duration="1 d"'
set_seed tissue/autoimmune_lesion.yaml 'protocol[0].at="2 d"'
set_seed tissue/entry_blocked.yaml 'seed=1'
set_seed regimens/cy_atg.yaml 'protocol[5].cd34_dose="2e6 1/kg"'
set_seed regimens/beam_atg.yaml 'time.duration="30 d"'
set_seed body/patient.yaml 'patches.placeholder.lattice.dims=[1,1,1]'
set_seed verification/point_source.yaml 'time.duration="10 min"'
set_seed io/viz_demo.yaml 'output.snapshot_every="1 h"'

# Quantities.
j=0
for q in "12 um/min" "2e-7 cm^2/s" "0.1 1/min" "3 d" "5e6 1/kg" "15 um^2/min" "1 unit/um^3" \
         "10 %" "1 kg/um*min^2" "1 cells/uL" "2 mmHg" "1.5 µm" "1 mol.L^-1" "-3.5" ".5" "+1" \
         "1e308 m^3" "1e-300 nm^9" "1 m^9 m^9 m^9 m^9/nm^9 nm^9" "0x10 um" "1,5 um" "inf" "nan um"; do
  printf '%s' "$q" >"$out/units/seed$((j++))"
done
# Dictionaries: the keys and words of the shipped configs, the unit symbols.
grep -rhoE '[A-Za-z_][A-Za-z0-9_]*:' "$src/configs" | sort -u | sed -E 's/(.*)/"\1"/' >"$out/config.dict"
grep -rhoE '"[^"]*"' "$src/configs" | tr -d '"' | tr ' ' '\n' | grep -E '^[a-z%^/0-9.-]+$' | sort -u |
  head -400 | sed -E 's/(.*)/"\1"/' >>"$out/config.dict"
printf '"%s"\n' m cm mm um nm ms s min h d wk y kg g mg ug ng pg mol mmol umol nmol pmol L mL uL nL fL M mM uM nM pM \
  Pa kPa mmHg unit cells count % "^" "/" "*" e- e+ >"$out/units.dict"
echo "make_seeds: $(ls "$out/config" | wc -l) configs, $i --set inputs, $j quantities in $out"
