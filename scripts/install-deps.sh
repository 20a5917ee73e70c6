#!/usr/bin/env bash
# Installs the Debian 12 packages msabm needs to build, test and visualise.
# Idempotent: prints and installs only what is missing.
#   scripts/install-deps.sh            build + test packages
#   MSABM_SKIP_VIZ=1 scripts/install-deps.sh   without ParaView/xvfb (smaller)
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  ccache     # scripts/common.sh compiles through it: rebuilds of other clones and presets reuse objects
  libhdf5-dev hdf5-tools libtbb-dev libyaml-cpp-dev catch2 librandom123-dev
  libcli11-dev libfmt-dev libspdlog-dev libomp-dev libxxhash-dev nlohmann-json3-dev
  libopenmpi-dev openmpi-bin libfftw3-dev
  python3-nlopt python3-h5py python3-yaml   # scripts/calibrate.py and its test; viz/ reads HDF5 with h5py
  clang      # the tsan preset (ThreadSanitizer with libomp's libarcher, which GCC's libgomp lacks)
  libclang-rt-14-dev  # clang's sanitizer and libFuzzer runtimes (the tsan and fuzz presets; only recommended by clang)
  slurm-wlm munge  # the sweep tests start a single-node Slurm on loopback (tests/sweep/local_slurm.sh)
)
viz_pkgs=(python3-matplotlib python3-numpy paraview python3-paraview xvfb xauth)

wanted=("${build_pkgs[@]}")
[[ "${MSABM_SKIP_VIZ:-0}" == 1 ]] || wanted+=("${viz_pkgs[@]}")

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
