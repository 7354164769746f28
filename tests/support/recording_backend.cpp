#include "support/recording_backend.hpp"

namespace oakley::dataplane {

Result<std::uint32_t> RecordingBackend::allocate_spi() {
  std::lock_guard lock(mutex_);
  if (auto e = take_failure(Op::kAllocateSpi)) return *e;
  const std::uint32_t spi = next_spi_++;
  log_.push_back({Op::kAllocateSpi, std::nullopt, std::nullopt, spi});
  return spi;
}

Status RecordingBackend::install_sa(const SaConfig& sa) {
  std::lock_guard lock(mutex_);
  if (auto e = take_failure(Op::kInstallSa)) return *e;
  if (sas_.count(sa.id())) return make_error("SA " + sa.id().to_string() + " exists already");
  sas_[sa.id()] = sa;
  log_.push_back({Op::kInstallSa, sa.id(), std::nullopt});
  return {};
}

Status RecordingBackend::update_sa(const SaId& id, const SaConfig& sa) {
  std::lock_guard lock(mutex_);
  if (auto e = take_failure(Op::kUpdateSa)) return *e;
  if (!sas_.count(id)) return make_error("no SA " + id.to_string() + " to update");
  sas_.erase(id);
  sas_[sa.id()] = sa;
  log_.push_back({Op::kUpdateSa, sa.id(), std::nullopt});
  return {};
}

Status RecordingBackend::delete_sa(const SaId& id) {
  std::lock_guard lock(mutex_);
  if (auto e = take_failure(Op::kDeleteSa)) return *e;
  if (sas_.erase(id) == 0) return make_error("no SA " + id.to_string() + " to delete");
  counters_.erase(id);
  log_.push_back({Op::kDeleteSa, id, std::nullopt});
  return {};
}

Result<SaCounters> RecordingBackend::query_sa(const SaId& id) const {
  std::lock_guard lock(mutex_);
  if (!sas_.count(id)) return make_error("no SA " + id.to_string());
  auto it = counters_.find(id);
  return it == counters_.end() ? SaCounters{} : it->second;
}

Status RecordingBackend::install_policy(const PolicyConfig& policy) {
  std::lock_guard lock(mutex_);
  if (auto e = take_failure(Op::kInstallPolicy)) return *e;
  policies_[policy.id()] = policy;
  log_.push_back({Op::kInstallPolicy, std::nullopt, policy.id()});
  return {};
}

Status RecordingBackend::delete_policy(const PolicyId& id) {
  std::lock_guard lock(mutex_);
  if (auto e = take_failure(Op::kDeletePolicy)) return *e;
  if (policies_.erase(id) == 0) return make_error("no policy " + id.to_string() + " to delete");
  log_.push_back({Op::kDeletePolicy, std::nullopt, id});
  return {};
}

DataplaneStats RecordingBackend::stats() const {
  return {};
}

void RecordingBackend::set_event_handler(EventHandler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<SaConfig> RecordingBackend::sas() const {
  std::lock_guard lock(mutex_);
  std::vector<SaConfig> out;
  for (const auto& [id, sa] : sas_)
    out.push_back(sa);
  return out;
}

std::optional<SaConfig> RecordingBackend::find_sa(const SaId& id) const {
  std::lock_guard lock(mutex_);
  auto it = sas_.find(id);
  if (it == sas_.end()) return std::nullopt;
  return it->second;
}

std::optional<SaConfig> RecordingBackend::find_sa(Direction d, std::uint32_t spi) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, sa] : sas_)
    if (id.direction == d && id.spi == spi) return sa;
  return std::nullopt;
}

std::vector<PolicyConfig> RecordingBackend::policies() const {
  std::lock_guard lock(mutex_);
  std::vector<PolicyConfig> out;
  for (const auto& [id, p] : policies_)
    out.push_back(p);
  return out;
}

std::optional<PolicyConfig> RecordingBackend::find_policy(const PolicyId& id) const {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(id);
  if (it == policies_.end()) return std::nullopt;
  return it->second;
}

std::vector<RecordingBackend::Record> RecordingBackend::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

void RecordingBackend::clear_log() {
  std::lock_guard lock(mutex_);
  log_.clear();
}

void RecordingBackend::set_counters(const SaId& id, const SaCounters& counters) {
  std::lock_guard lock(mutex_);
  counters_[id] = counters;
}

void RecordingBackend::fail_next(Op op, Error error) {
  std::lock_guard lock(mutex_);
  failures_[op] = std::move(error);
}

void RecordingBackend::emit(const Event& event) {
  EventHandler h;
  {
    std::lock_guard lock(mutex_);
    h = handler_;
  }
  if (h) h(event);
}

std::optional<Error> RecordingBackend::take_failure(Op op) {
  auto it = failures_.find(op);
  if (it == failures_.end()) return std::nullopt;
  Error e = std::move(it->second);
  failures_.erase(it);
  return e;
}

Status RecordingBackend::add_virtual_ip(const IpAddress& address) {
  std::lock_guard lock(mutex_);
  virtual_ips_.push_back(address);
  return {};
}

Status RecordingBackend::remove_virtual_ip(const IpAddress& address) {
  std::lock_guard lock(mutex_);
  std::erase(virtual_ips_, address);
  return {};
}

std::vector<IpAddress> RecordingBackend::virtual_ips() const {
  std::lock_guard lock(mutex_);
  return virtual_ips_;
}

}  // namespace oakley::dataplane
