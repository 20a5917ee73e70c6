#pragma once
// A sweep under `mpirun -n R msabm sweep ...` (Open MPI, or srun with PMIx): rank 0 is the
// dispatcher (and runs members too); the other ranks ask it for work, run the member they get
// as a child process, send back its summary row and ask again, so fast and slow members balance
// themselves. Only rank 0 writes the sweep summary. The member folders must be on a file system
// every rank sees (as on any cluster's shared home or scratch).
#include <memory>
#include <string>

#include "engine/sweep/dispatch.hpp"

namespace msabm::sweep {

class MpiSession {
 public:
  /// Initialises MPI when this process was started by an MPI launcher (mpirun, mpiexec, srun:
  /// recognised by its environment); nullptr otherwise (a plain local sweep).
  static std::unique_ptr<MpiSession> start_if_launched();
  ~MpiSession();  ///< MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

  /// Rank 0's value on every rank.
  int broadcast(int value) const;
  /// Rank 0's view of the worker ranks.
  std::unique_ptr<RemoteWorkers> workers() const;
  /// The loop of a worker rank: ask for a member, run it in `pool`, report it; until rank 0
  /// has no more work (or a stop signal arrives).
  void work(ChildPool& pool) const;
  /// Ends every rank at once (after an unexpected error on one of them).
  [[noreturn]] void abort(int code) const;

 private:
  MpiSession() = default;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace msabm::sweep
