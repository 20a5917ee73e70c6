// Per-thread work spaces and the factorisation cache of the field solver (see workspaces.hpp).
#include "engine/fields/workspaces.hpp"

#include <algorithm>

#include "engine/fields/line_solvers.hpp"
#include "engine/fields/solver_internal.hpp"
#include "engine/fields/sweep.hpp"

namespace msabm::fields {

void size_workspaces(std::vector<Workspace>& wss, std::size_t threads, const Sweep& sw) {
  if (wss.size() < threads) wss.resize(threads);
  const std::size_t chunk = sw.segment;
  const std::size_t nmax = std::max({sw.nx, sw.ny, sw.nz, chunk, Sweep::kRows});
  const std::size_t rows = Sweep::kRows;
  for (auto& ws : wss) {
    grow(ws.plane, sw.plane);
    if (sw.scheme == FieldScheme::explicit_euler) grow(ws.plane2, sw.plane);
    grow(ws.block, rows * sw.nx);
    grow(ws.trans, rows * sw.nx);
    grow(ws.w, std::max({(sw.nx + 1) * rows, (sw.ny + 1) * sw.nx, (sw.nz + 1) * chunk}));
    grow(ws.r, rows * sw.nx);
    grow(ws.cp, std::max(sw.plane, sw.nz * chunk));
    grow(ws.zz, std::max(sw.plane, sw.nz * chunk));
    grow(ws.col, sw.nz * chunk);
    if (ws.tmp.size() < 2 * nmax) ws.tmp.resize(2 * nmax);
  }
}

void refresh_factorisations(FieldSet::Substance& sub, const Sweep& sw, double theta) {
  if (sw.scheme == FieldScheme::explicit_euler ||
      (sub.cached_dt == sw.dt && sub.cached_scheme == sw.scheme && sub.cached_theta == theta)) {
    return;
  }
  const std::size_t dims[3] = {sw.nx, sw.ny, sw.nz};
  for (int a = 0; a < 3; ++a) {
    const std::size_t n = dims[a];
    std::vector<double> w(n + 1);
    std::vector<double> r(n, a == 0 ? sw.wdt * sw.lambda : 0.0);
    if (sub.uniform) {
      for (std::size_t p = 0; p <= n; ++p) w[p] = sw.face_weight(a, 0, 0, n, p);
    }
    sub.axis[static_cast<std::size_t>(a)] =
        factorise(static_cast<int>(n), w, r, sub.bc[static_cast<std::size_t>(a)].periodic());
  }
  sub.cached_dt = sw.dt;
  sub.cached_scheme = sw.scheme;
  sub.cached_theta = theta;
}

}  // namespace msabm::fields
