// RecordingBackend: a Backend that carries no packets but remembers what the IKE side asked
// for, so IKE tests can assert on installed SAs (keys included: the initiator's outbound key must
// be the responder's inbound key), policies and the order of operations (make-before-break), and
// can inject data-plane events (ACQUIRE, expiries) and failures. A test double: it lives in
// tests/support (oakley_test_support), never in a production library; it keeps dataplane's
// namespace so tests name it as the Backend it stands for.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "dataplane/backend.hpp"

namespace oakley::dataplane {

class RecordingBackend final : public Backend {
 public:
  enum class Op : std::uint8_t {
    kAllocateSpi,
    kInstallSa,
    kUpdateSa,
    kDeleteSa,
    kInstallPolicy,
    kDeletePolicy,
  };
  struct Record {
    Op op;
    std::optional<SaId> sa;          // SA operations
    std::optional<PolicyId> policy;  // policy operations
    std::uint32_t spi = 0;           // kAllocateSpi
  };

  std::string_view name() const override { return "recording"; }
  // Deterministic: 0xc0000001, 0xc0000002, ... so tests can predict SPIs.
  Result<std::uint32_t> allocate_spi() override;
  Status install_sa(const SaConfig& sa) override;
  Status update_sa(const SaId& id, const SaConfig& sa) override;
  Status delete_sa(const SaId& id) override;
  Result<SaCounters> query_sa(const SaId& id) const override;
  Status install_policy(const PolicyConfig& policy) override;
  Status delete_policy(const PolicyId& id) override;
  DataplaneStats stats() const override;
  void set_event_handler(EventHandler handler) override;
  Status add_virtual_ip(const IpAddress& address) override;
  Status remove_virtual_ip(const IpAddress& address) override;

  // ---- for tests ----
  std::vector<IpAddress> virtual_ips() const;
  std::vector<SaConfig> sas() const;
  std::optional<SaConfig> find_sa(const SaId& id) const;
  std::optional<SaConfig> find_sa(Direction d, std::uint32_t spi) const;  // any remote
  std::vector<PolicyConfig> policies() const;
  std::optional<PolicyConfig> find_policy(const PolicyId& id) const;
  std::vector<Record> log() const;
  void clear_log();
  // What query_sa() returns for the SA (default: zeros), e.g. to drive idle detection.
  void set_counters(const SaId& id, const SaCounters& counters);
  // The next call of `op` fails with `error` (once).
  void fail_next(Op op, Error error);
  // Delivers an event to the registered handler, as the data plane would.
  void emit(const Event& event);

 private:
  std::optional<Error> take_failure(Op op);

  mutable std::mutex mutex_;
  std::map<SaId, SaConfig> sas_;
  std::map<SaId, SaCounters> counters_;
  std::map<PolicyId, PolicyConfig> policies_;
  std::vector<IpAddress> virtual_ips_;
  std::vector<Record> log_;
  std::map<Op, Error> failures_;
  std::uint32_t next_spi_ = 0xc0000001;
  EventHandler handler_;
};

}  // namespace oakley::dataplane
