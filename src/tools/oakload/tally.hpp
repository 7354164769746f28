// What a load run counts: SAs established and failed (by reason), the follow-up operations, and
// the establishment latencies, plus the progress line and the closing summary built from them.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace oakley::oakload {

struct OperationCount {
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
};

struct Tally {
  std::uint64_t count = 0;  // SAs asked for
  std::uint64_t concurrency = 0;
  std::uint64_t started = 0;
  std::uint64_t established = 0;
  std::uint64_t finished = 0;                     // every step done or failed
  std::uint64_t failed = 0;                       // SAs with any failure
  std::map<std::string, std::uint64_t> failures;  // by reason
  OperationCount rekey_ike, rekey_child, deleted;
  std::vector<double> latency_ms;  // IKE_SA_INIT sent → CHILD_SA up, per established SA
  double establish_s = 0;          // run start → last SA established
  double elapsed_s = 0;            // run start → last SA finished
  std::uint64_t flood_sent = 0;
  double flood_rate = 0;
  nlohmann::json engine;  // the initiator engine's counters

  void fail(const std::string& reason) { ++failures[reason]; }
  std::uint64_t in_flight() const { return started - finished; }
  bool all_good() const { return failed == 0 && established == count && finished == count; }
};

// The q-quantile (0..1) by nearest rank; 0 for no samples. Sorts `samples`.
double percentile(std::vector<double>& samples, double q);

// "[  3.0s] established 1200/10000, failed 0, in flight 200, 412 SAs/s (last 1s)"
std::string progress_line(const Tally& tally, double now_s, double rate);

nlohmann::json summary_json(Tally tally);
std::string summary_text(const Tally& tally);

}  // namespace oakley::oakload
