// LoadRun: the schedule of one oakload run on the engine's loop thread. It keeps at most
// `concurrency` SAs in flight; each SA is established (IKE_SA_INIT + IKE_AUTH with its CHILD_SA)
// under its own identity, then optionally has its CHILD_SA rekeyed, its IKE SA rekeyed and is
// deleted, in that order, all within one timeout. Every outcome lands in the Tally.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "ikev2/engine.hpp"
#include "net/event_loop.hpp"
#include "tools/oakload/options.hpp"
#include "tools/oakload/tally.hpp"

namespace oakley::oakload {

class LoadRun {
 public:
  LoadRun(const LoadOptions& options, std::shared_ptr<const credentials::LoadedConfig> config,
          ikev2::Engine& engine, net::EventLoop& loop, Tally& tally);
  LoadRun(const LoadRun&) = delete;
  LoadRun& operator=(const LoadRun&) = delete;

  // Checks what can be checked before sending anything (connections, selector pool size).
  Status prepare();
  // Starts the run on the loop thread; `finished` runs there once every SA is done or failed.
  void start(std::function<void()> finished);

 private:
  enum class Phase : std::uint8_t {
    kWaiting,
    kEstablishing,
    kRekeyChild,
    kRekeyIke,
    kDeleting,
    kDone
  };
  struct Job {
    Phase phase = Phase::kWaiting;
    std::uint32_t ike_id = 0;
    std::uint32_t child_id = 0;
    TimePoint started{};
    TimerId timeout = 0;
  };

  void fill_slots();
  void launch(std::uint64_t index);
  // An engine completion for job `index` in `phase`; stale ones (after a timeout) are dropped.
  ikev2::Engine::Completion completion(std::uint64_t index, Phase phase);
  void on_step_done(std::uint64_t index, Phase phase, const Status& status);
  // Runs the job's next step after `phase`; the engine is called from a fresh loop turn, never
  // from inside the completion of the exchange that just ended.
  void next_step(std::uint64_t index, Phase after);
  Status start_step(std::uint64_t index, Phase phase, Phase after);
  void on_timeout(std::uint64_t index);
  void finish(std::uint64_t index, const std::string* failure);
  std::string reason_key(std::uint64_t index, std::string_view phase, std::string message) const;
  std::uint32_t installed_child(std::uint32_t ike_id) const;
  void progress();
  double seconds_since_start() const;

  const LoadOptions& options_;
  std::shared_ptr<const credentials::LoadedConfig> config_;
  ikev2::Engine& engine_;
  net::EventLoop& loop_;
  Tally& tally_;
  std::vector<const config::Connection*> connections_;  // one per source address
  std::deque<config::Child> pool_children_;             // per-SA children with their own local_ts
  std::vector<Job> jobs_;
  std::uint64_t next_ = 0;
  bool filling_ = false;
  TimePoint start_{};
  std::uint64_t established_at_last_progress_ = 0;
  double last_progress_s_ = 0;
  std::function<void()> finished_;
};

}  // namespace oakley::oakload
