#include "engine/sweep/mpi_session.hpp"

// The C API only (Open MPI and MPICH otherwise pull in their deprecated C++ bindings).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <csignal>
#include <cstdlib>
#include <map>
#include <set>

namespace msabm::sweep {

namespace {

// Message tags. A worker sends kRequest (one int) when it has a free slot and no request
// outstanding; rank 0 answers kAssign {member, start mode} or {-1, 0} for "no more work". A
// finished member goes back as kResult (its summary row as JSON text); kDone says the worker
// stopped.
constexpr int kRequest = 1;
constexpr int kAssign = 2;
constexpr int kResult = 3;
constexpr int kDone = 4;

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

class MpiWorkers final : public RemoteWorkers {
 public:
  explicit MpiWorkers(int size) : size_(size) {}

  void poll(std::deque<Job>& queue, bool stopping, std::vector<Finished>& finished) override {
    while (true) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (flag == 0) return;
      const int src = st.MPI_SOURCE;
      if (st.MPI_TAG == kRequest) {
        int dummy = 0;
        MPI_Recv(&dummy, 1, MPI_INT, src, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        int reply[2] = {-1, 0};
        if (!stopping && !queue.empty()) {
          reply[0] = queue.front().member;
          reply[1] = static_cast<int>(queue.front().mode);
          queue.pop_front();
          assigned_[src].insert(reply[0]);
        }
        MPI_Send(reply, 2, MPI_INT, src, kAssign, MPI_COMM_WORLD);
      } else if (st.MPI_TAG == kResult) {
        int count = 0;
        MPI_Get_count(&st, MPI_CHAR, &count);
        std::string text(static_cast<std::size_t>(count), '\0');
        MPI_Recv(text.data(), count, MPI_CHAR, src, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        const auto j = nlohmann::ordered_json::parse(text);
        Finished f;
        f.member = j.at("row").at("member").get<int>();
        f.status.state = static_cast<State>(j.at("state").get<int>());
        f.status.exit_code = j.at("exit_code").get<int>();
        f.status.error = j.at("error").get<std::string>();
        f.status.wall_s = j.at("wall_s").get<double>();
        f.status.host = j.at("host").get<std::string>();
        f.status.rank = j.at("rank").get<int>();
        f.row = j.at("row");
        assigned_[src].erase(f.member);
        finished.push_back(std::move(f));
      } else {
        int dummy = 0;
        MPI_Recv(&dummy, 1, MPI_INT, src, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (st.MPI_TAG == kDone) {
          done_.insert(src);
          assigned_.erase(src);  // handed out but never started (the worker was stopping)
        }
      }
    }
  }

  [[nodiscard]] std::size_t running() const override {
    std::size_t n = 0;
    for (const auto& [rank, members] : assigned_) n += members.size();
    return n;
  }
  [[nodiscard]] bool all_done() const override {
    return static_cast<int>(done_.size()) == size_ - 1;
  }

 private:
  int size_;
  std::map<int, std::set<int>> assigned_;
  std::set<int> done_;
};

}  // namespace

std::unique_ptr<MpiSession> MpiSession::start_if_launched() {
  if (!launched_by_mpi()) return nullptr;
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised == 0) MPI_Init(nullptr, nullptr);
  std::unique_ptr<MpiSession> s(new MpiSession());
  MPI_Comm_rank(MPI_COMM_WORLD, &s->rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &s->size_);
  return s;
}

MpiSession::~MpiSession() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (finalised == 0) MPI_Finalize();
}

int MpiSession::broadcast(int value) const {
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

std::unique_ptr<RemoteWorkers> MpiSession::workers() const {
  return std::make_unique<MpiWorkers>(size_);
}

void MpiSession::work(ChildPool& pool) const {
  bool outstanding = false;  // a request waits for its answer
  bool no_more = false;      // rank 0 has no more work for us, or we are stopping
  bool forwarded = false;
  while (true) {
    bool busy = false;
    if (StopSignals::stop_signal() != 0 && !forwarded) {
      forwarded = true;
      no_more = true;
      pool.signal_all(SIGTERM);
    }
    if (StopSignals::take_checkpoint_request()) pool.signal_all(SIGUSR1);
    for (const Finished& f : pool.reap()) {
      nlohmann::ordered_json j;
      j["state"] = static_cast<int>(f.status.state);
      j["exit_code"] = f.status.exit_code;
      j["error"] = f.status.error;
      j["wall_s"] = f.status.wall_s;
      j["host"] = f.status.host;
      j["rank"] = f.status.rank;
      j["row"] = f.row;
      const std::string text = j.dump();
      MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, kResult, MPI_COMM_WORLD);
      busy = true;
    }
    if (!no_more && !outstanding && pool.has_room()) {
      int dummy = 0;
      MPI_Send(&dummy, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD);
      outstanding = true;
    }
    if (outstanding) {
      int flag = 0;
      MPI_Iprobe(0, kAssign, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
      if (flag != 0) {
        int reply[2] = {-1, 0};
        MPI_Recv(reply, 2, MPI_INT, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        outstanding = false;
        busy = true;
        if (reply[0] < 0) {
          no_more = true;
        } else if (StopSignals::stop_signal() == 0) {
          pool.start(reply[0], static_cast<StartMode>(reply[1]));
        }
        // else: stopping; rank 0 counts the member as not started when we say we are done.
      }
    }
    if (no_more && !outstanding && pool.running() == 0) break;
    if (!busy) nap();
  }
  int dummy = 0;
  MPI_Send(&dummy, 1, MPI_INT, 0, kDone, MPI_COMM_WORLD);
}

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

}  // namespace msabm::sweep
