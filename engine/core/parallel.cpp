#include "engine/core/parallel.hpp"

#include <omp.h>

#include <stdexcept>

namespace msabm {

ThreadPool::ThreadPool(int threads) : threads_(threads) {
  if (threads < 1) throw std::invalid_argument("thread count must be >= 1");
  arena_ = std::make_unique<tbb::task_arena>(threads);
  // OpenMP is not configured process-wide (no omp_set_num_threads): each static region asks
  // for its team size in its num_threads clause, so other pools and libraries are unaffected.
}

void ThreadPool::run_static_region(int team, void (*call)(void*, StaticTeam&), void* context) {
#pragma omp parallel num_threads(team)
  {
    StaticTeam t(omp_get_thread_num(), omp_get_num_threads());
    call(context, t);
  }
}

void StaticTeam::barrier() const {
  if (size_ > 1) {
#pragma omp barrier
  }
}

}  // namespace msabm
