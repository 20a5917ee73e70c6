// W5: checkpoint write and read speed and size (bench/README.md). Builds the W3
// agent workload (configs/bench/w3_agents.yaml) with N walkers at W3's constant density (a
// lattice of side round(N^(1/3)), one voxel per walker, N / 50 targets), writes checkpoint.h5 the way a
// run does (in memory, then one sequential write, its bulk with O_DIRECT, fsync, rename) and
// restores it into a freshly built simulation (read + state digest check), with the file evicted
// from the page cache first. The disk's sequential write speed is measured in the same run with
// dd, through the page cache (conv=fdatasync: write_vs_dd) and straight to the disk
// (oflag=direct: write_vs_dd_direct, the like-for-like figure). dd writes as many bytes as the
// checkpoint holds (rounded up to whole MiB) and is repeated as often as the checkpoint write,
// both taking their best run.
// Prints one JSON line.
//
//   msabm_bench_checkpoint [--agents N] [--dir DIR] [--repeats R] [--threads T]
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/config/section.hpp"
#include "engine/config/tree.hpp"
#include "engine/core/simulation.hpp"
#include "engine/io/checkpoint_reader.hpp"
#include "engine/io/checkpoint_writer.hpp"
#include "engine/io/output_settings.hpp"
#include "engine/run/build_simulation.hpp"
#include "bench/bench_util.hpp"
#include "models/register_models.hpp"

namespace {

namespace fs = std::filesystem;
using msabm::bench::Clock;
using msabm::bench::seconds_since;

struct Built {
  std::unique_ptr<msabm::Simulation> sim;
  std::string yaml;
};

Built build(const fs::path& config, long agents, int threads) {
  msabm::Registry registry;
  msabm::register_all_models(registry);
  msabm::config::Tree tree = msabm::config::Tree::load_file(config);
  // As bench/run_bench.py's W3: the lattice grows with the walkers (constant density).
  const long side = std::max(1L, std::lround(std::cbrt(static_cast<double>(agents))));
  const std::string s = std::to_string(side);
  const std::string centre = "\"" + std::to_string(side * 5) + " um\"";
  tree.apply_override("patches.bulk.agents.walker.count=" + std::to_string(agents));
  tree.apply_override("patches.bulk.lattice.dims=[" + s + ", " + s + ", " + s + "]");
  tree.apply_override("patches.bulk.agents.target.count=" + std::to_string(std::max(1L, agents / 50)));
  tree.apply_override("patches.bulk.agents.walker.chemotaxis.gradient.centre=[" + centre + ", " + centre + ", " +
                      centre + "]");
  msabm::config::Reader reader(std::move(tree));
  auto sim = msabm::build_simulation(reader.root(), registry, msabm::BuildOptions{{}, threads});
  (void)msabm::read_output_settings(reader.root().section("output"), *sim);
  reader.finish();
  return {std::move(sim), reader.resolved_yaml()};
}

/// Drops the file's pages from the page cache, so the next read comes from the disk.
void evict(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

/// dd's sequential write speed (bytes/s) for `mib` MiB into `dir`, flushed to disk; through
/// the page cache (conv=fdatasync), or straight to the disk (oflag=direct, as checkpoints write
/// their bulk).
double dd_write_speed(const fs::path& dir, long mib, bool direct = false) {
  const fs::path file = dir / "dd.tmp";
  const std::string cmd = "dd if=/dev/zero of='" + file.string() + "' bs=1M count=" + std::to_string(mib) +
                          (direct ? " oflag=direct conv=fdatasync 2>&1" : " conv=fdatasync 2>&1");
  const auto t0 = Clock::now();
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return 0;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
  }
  const int status = pclose(pipe);
  const double seconds = seconds_since(t0);
  std::error_code ec;
  fs::remove(file, ec);
  return status == 0 && seconds > 0 ? static_cast<double>(mib) * 1048576.0 / seconds : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  long agents = 1'000'000;
  int repeats = 3;
  int threads = 2;
  fs::path dir = fs::temp_directory_path() / "msabm-bench-w5";
  fs::path config = fs::path(MSABM_SOURCE_DIR) / "configs" / "bench" / "w3_agents.yaml";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--agents") agents = std::atol(argv[i + 1]);
    else if (key == "--repeats") repeats = std::atoi(argv[i + 1]);
    else if (key == "--threads") threads = std::atoi(argv[i + 1]);
    else if (key == "--dir") dir = argv[i + 1];
    else if (key == "--config") config = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: msabm_bench_checkpoint [--agents N] [--dir DIR] [--repeats R] [--threads T]\n");
      return 2;
    }
  }
  fs::create_directories(dir);
  const fs::path path = dir / "checkpoint.h5";

  Built a = build(config, agents, threads);
  a.sim->step();  // a state after a step: pending changes committed, clocks advanced
  const msabm::RunIdentity identity{"w3_agents", a.yaml, threads};

  double best_write = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    msabm::write_checkpoint(path, *a.sim, identity, {});
    best_write = std::min(best_write, seconds_since(t0));
  }
  const auto bytes = static_cast<double>(fs::file_size(path));

  const auto d0 = Clock::now();
  const std::string digest = a.sim->state_digest();
  const double digest_s = seconds_since(d0);

  double best_read = 1e300;
  for (int r = 0; r < repeats; ++r) {
    Built b = build(config, agents, threads);
    evict(path);
    const auto t0 = Clock::now();
    msabm::restore_checkpoint(path, *b.sim);
    best_read = std::min(best_read, seconds_since(t0));
    if (b.sim->state_digest() != digest) {
      std::fprintf(stderr, "msabm_bench_checkpoint: restored state differs\n");
      return 1;
    }
  }

  double agent_bytes = 0;
  std::size_t voxels = 0;
  for (const auto& p : a.sim->patches()) {
    voxels += p.lattice().voxel_count();
    for (const auto& k : p.kinds()) {
      agent_bytes += static_cast<double>(k->size()) * (8 + sizeof(msabm::VoxelIndex) + 1);
      for (const auto& c : k->columns()) {
        agent_bytes += std::visit([](const auto& v) { return static_cast<double>(v.size() * sizeof(v[0])); }, c.values);
      }
    }
  }
  long total_agents = 0;
  for (const auto& p : a.sim->patches()) {
    for (const auto& k : p.kinds()) total_agents += static_cast<long>(k->size());
  }
  // The same bytes as the checkpoint, the same number of times, the best run (as the writes).
  const auto dd_mib = static_cast<long>(std::ceil(bytes / 1048576.0));
  double dd = 0;
  double dd_direct = 0;
  for (int r = 0; r < repeats; ++r) {
    dd = std::max(dd, dd_write_speed(dir, dd_mib));
    dd_direct = std::max(dd_direct, dd_write_speed(dir, dd_mib, true));
  }
  fs::remove(path);
  fs::remove(msabm::previous_checkpoint_path(path));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  nlohmann::ordered_json j;
  j["workload"] = "W5";
  j["agents"] = total_agents;
  j["voxels"] = voxels;
  j["threads"] = threads;
  j["checkpoint_bytes"] = bytes;
  j["bytes_per_agent"] = bytes / static_cast<double>(total_agents);
  j["agent_state_bytes_per_agent"] = agent_bytes / static_cast<double>(total_agents);
  j["write_s"] = best_write;
  j["write_MBps"] = bytes / best_write / 1e6;
  j["read_restore_s"] = best_read;
  j["read_MBps"] = bytes / best_read / 1e6;
  j["digest_s"] = digest_s;
  j["dd_write_MBps"] = dd / 1e6;
  j["dd_MiB"] = dd_mib;
  j["repeats"] = repeats;
  j["write_vs_dd"] = dd > 0 ? (bytes / best_write) / dd : 0.0;
  j["dd_direct_write_MBps"] = dd_direct / 1e6;
  j["write_vs_dd_direct"] = dd_direct > 0 ? (bytes / best_write) / dd_direct : 0.0;
  j["peak_rss_bytes"] = static_cast<double>(usage.ru_maxrss) * 1024.0;
  j["dir"] = dir.string();
  std::printf("%s\n", j.dump().c_str());
  return 0;
}
