#include "engine/core/parallel.hpp"

#include <omp.h>

#include <stdexcept>

namespace msabm {

ThreadPool::ThreadPool(int threads) : threads_(threads) {
  if (threads < 1) throw std::invalid_argument("thread count must be >= 1");
  arena_ = std::make_unique<tbb::task_arena>(threads);
  // Regular stencil loops (fields) use OpenMP; they get the same budget.
  omp_set_num_threads(threads);
}

}  // namespace msabm
