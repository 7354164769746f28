#include "tools/oakload/load_run.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <regex>

#include "ike/identity.hpp"
#include "tools/oakload/load_config.hpp"

namespace oakley::oakload {
namespace {

std::string_view phase_name(int phase) {
  static constexpr std::string_view kNames[] = {"waiting",   "establishing", "CHILD rekey",
                                                "IKE rekey", "delete",       "done"};
  return kNames[phase];
}

// base + k, counting in the address's own byte order; nullopt past the end of the family.
std::optional<IpAddress> offset_address(const IpAddress& base, std::uint64_t k) {
  Bytes raw(base.bytes().begin(), base.bytes().end());
  for (auto i = raw.size(); i-- > 0 && k;) {
    std::uint64_t sum = raw[i] + (k & 0xff);
    raw[i] = static_cast<std::uint8_t>(sum);
    k = (k >> 8) + (sum >> 8);
  }
  if (k) return std::nullopt;
  return IpAddress::from_bytes(raw);
}

}  // namespace

LoadRun::LoadRun(const LoadOptions& options,
                 std::shared_ptr<const credentials::LoadedConfig> config, ikev2::Engine& engine,
                 net::EventLoop& loop, Tally& tally)
    : options_(options), config_(std::move(config)), engine_(engine), loop_(loop), tally_(tally) {
  jobs_.resize(options_.count);
  tally_.count = options_.count;
  tally_.concurrency = options_.concurrency;
  tally_.latency_ms.reserve(options_.count);
}

Status LoadRun::prepare() {
  std::size_t sources = std::max<std::size_t>(options_.sources.size(), 1);
  for (std::size_t k = 0; k < sources; ++k) {
    const auto* conn = config_->find_connection(connection_name(options_, k));
    if (!conn || !conn->find_child(kChildName))
      return make_error("generated configuration lacks connection " + connection_name(options_, k));
    connections_.push_back(conn);
  }
  if (options_.ts_pool) {
    // c<i> gets the pool's i-th address: the last one must still be inside the pool.
    auto last = offset_address(options_.ts_pool->start, options_.first_index + options_.count - 1);
    if (!last || !options_.ts_pool->contains(*last))
      return make_error(fmt::format("--ts-pool {} has no room for identities up to c{}",
                                    options_.ts_pool->to_string(),
                                    options_.first_index + options_.count - 1));
  }
  return {};
}

void LoadRun::start(std::function<void()> finished) {
  finished_ = std::move(finished);
  start_ = loop_.now();
  if (options_.progress_s > 0) {
    loop_.schedule(
        std::chrono::duration_cast<Duration>(std::chrono::duration<double>(options_.progress_s)),
        [this] { progress(); });
  }
  fill_slots();
}

double LoadRun::seconds_since_start() const {
  return std::chrono::duration<double>(loop_.now() - start_).count();
}

void LoadRun::fill_slots() {
  // A launch can fail at once and finish its job, which calls us again: the outer call goes on.
  if (filling_) return;
  filling_ = true;
  while (next_ < options_.count && tally_.in_flight() < options_.concurrency)
    launch(next_++);
  filling_ = false;
}

void LoadRun::launch(std::uint64_t index) {
  Job& job = jobs_[index];
  job.phase = Phase::kEstablishing;
  job.started = loop_.now();
  ++tally_.started;
  job.timeout = loop_.schedule(
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(options_.timeout_s)),
      [this, index] { on_timeout(index); });

  const config::Connection& conn = *connections_[index % connections_.size()];
  const config::Child* child = conn.find_child(kChildName);
  if (options_.ts_pool) {
    auto host = offset_address(options_.ts_pool->start, options_.first_index + index);
    config::Child own = *child;
    own.local_ts = {config::TrafficSelectorSpec{
        false, TrafficSelector::from_prefix(*host, host->max_prefix())}};
    pool_children_.push_back(std::move(own));
    child = &pool_children_.back();
  }
  auto id = config::parse_identity(identity_of(options_, index));
  auto wire_id = id ? ike::local_wire_id(*id, IpAddress{}) : Result<ike::WireId>(id.error());
  if (!wire_id) {
    std::string why = "identity: " + wire_id.error().message;
    return finish(index, &why);
  }
  Endpoint remote{options_.remote, options_.remote_port};
  auto ike_id =
      engine_.initiate_to(conn, child, remote, *wire_id, completion(index, Phase::kEstablishing));
  if (!ike_id) {
    std::string why = reason_key(index, "initiate", ike_id.error().message);
    return finish(index, &why);
  }
  if (job.phase == Phase::kEstablishing) job.ike_id = *ike_id;
}

ikev2::Engine::Completion LoadRun::completion(std::uint64_t index, Phase phase) {
  return [this, index, phase](const Status& status) {
    if (jobs_[index].phase != phase) return;  // timed out meanwhile
    on_step_done(index, phase, status);
  };
}

void LoadRun::on_step_done(std::uint64_t index, Phase phase, const Status& status) {
  Job& job = jobs_[index];
  OperationCount* op = phase == Phase::kRekeyChild ? &tally_.rekey_child
                       : phase == Phase::kRekeyIke ? &tally_.rekey_ike
                       : phase == Phase::kDeleting ? &tally_.deleted
                                                   : nullptr;
  if (!status) {
    if (op) ++op->failed;
    std::string why =
        reason_key(index, phase_name(static_cast<int>(phase)), status.error().message);
    return finish(index, &why);
  }
  if (op) ++op->done;
  if (phase == Phase::kEstablishing) {
    ++tally_.established;
    tally_.latency_ms.push_back(
        std::chrono::duration<double, std::milli>(loop_.now() - job.started).count());
    tally_.establish_s = seconds_since_start();
  }
  // Holding the phase until the next step starts keeps a late timeout from firing twice.
  loop_.post([this, index, phase] { next_step(index, phase); });
}

void LoadRun::next_step(std::uint64_t index, Phase after) {
  Job& job = jobs_[index];
  if (job.phase != after) return;
  const Phase order[] = {Phase::kRekeyChild, Phase::kRekeyIke, Phase::kDeleting};
  const bool wanted[] = {options_.rekey_child, options_.rekey_ike, options_.delete_after};
  for (std::size_t i = 0; i < std::size(order); ++i) {
    if (!wanted[i] || order[i] <= after) continue;
    job.phase = order[i];
    if (Status st = start_step(index, order[i], after); !st) {
      std::string why =
          reason_key(index, phase_name(static_cast<int>(order[i])), st.error().message);
      OperationCount* op = order[i] == Phase::kRekeyChild ? &tally_.rekey_child
                           : order[i] == Phase::kRekeyIke ? &tally_.rekey_ike
                                                          : &tally_.deleted;
      ++op->failed;
      return finish(index, &why);
    }
    return;
  }
  finish(index, nullptr);
}

std::uint32_t LoadRun::installed_child(std::uint32_t ike_id) const {
  const ikev2::IkeSa* sa = engine_.find_sa(ike_id);
  if (!sa) return 0;
  for (const auto& c : sa->children) {
    if (c->state == ikev2::ChildState::kInstalled) return c->id;
  }
  return 0;
}

Status LoadRun::start_step(std::uint64_t index, Phase phase, Phase after) {
  Job& job = jobs_[index];
  // A rekeyed IKE SA hands its CHILD_SAs to a successor with a new id; the CHILD_SA leads to it.
  if (after == Phase::kRekeyIke && job.child_id) {
    if (auto holder = engine_.ike_id_of_child(job.child_id)) job.ike_id = *holder;
  }
  // A rekeyed CHILD_SA is replaced by one with a new id.
  if (std::uint32_t child = installed_child(job.ike_id)) job.child_id = child;
  if (phase == Phase::kRekeyChild) {
    if (!job.child_id) return make_error("no installed CHILD_SA to rekey");
    return engine_.rekey_child(job.child_id, completion(index, phase));
  }
  if (phase == Phase::kRekeyIke) return engine_.rekey_ike(job.ike_id, completion(index, phase));
  return engine_.terminate_ike(job.ike_id, completion(index, phase));
}

void LoadRun::on_timeout(std::uint64_t index) {
  Job& job = jobs_[index];
  job.timeout = 0;
  if (job.phase == Phase::kDone || job.phase == Phase::kWaiting) return;
  Phase phase = job.phase;
  std::string why = fmt::format("timeout: {} not done within {} s",
                                phase_name(static_cast<int>(phase)), options_.timeout_s);
  if (phase == Phase::kRekeyChild) ++tally_.rekey_child.failed;
  if (phase == Phase::kRekeyIke) ++tally_.rekey_ike.failed;
  if (phase == Phase::kDeleting) ++tally_.deleted.failed;
  std::uint32_t ike_id = job.ike_id;
  finish(index, &why);
  // The responder may hold the SA half-made: tell it, but nothing waits for the answer.
  if (ike_id) (void)engine_.terminate_ike(ike_id, nullptr);
}

void LoadRun::finish(std::uint64_t index, const std::string* failure) {
  Job& job = jobs_[index];
  job.phase = Phase::kDone;
  if (job.timeout) loop_.cancel(job.timeout);
  job.timeout = 0;
  ++tally_.finished;
  if (failure) {
    ++tally_.failed;
    tally_.fail(*failure);
  }
  tally_.elapsed_s = seconds_since_start();
  if (tally_.finished == tally_.count) {
    if (finished_) loop_.post(finished_);
    return;
  }
  loop_.post([this] { fill_slots(); });
}

std::string LoadRun::reason_key(std::uint64_t index, std::string_view phase,
                                std::string message) const {
  // Failures are counted by reason: the SA's own identity and ids would make every one unique.
  std::string identity = identity_of(options_, index);
  for (auto at = message.find(identity); at != std::string::npos; at = message.find(identity))
    message.replace(at, identity.size(), "c<i>@" + options_.id_domain);
  static const std::regex kIds("#[0-9]+");
  message = std::regex_replace(message, kIds, "#N");
  return fmt::format("{}: {}", phase, message);
}

void LoadRun::progress() {
  double now = seconds_since_start();
  double window = now - last_progress_s_;
  double rate =
      window > 0 ? static_cast<double>(tally_.established - established_at_last_progress_) / window
                 : 0;
  std::fprintf(stderr, "%s\n", progress_line(tally_, now, rate).c_str());
  last_progress_s_ = now;
  established_at_last_progress_ = tally_.established;
  if (tally_.finished < tally_.count) {
    loop_.schedule(
        std::chrono::duration_cast<Duration>(std::chrono::duration<double>(options_.progress_s)),
        [this] { progress(); });
  }
}

}  // namespace oakley::oakload
