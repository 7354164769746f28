// NullBackend: a Backend that accepts every SA and policy and carries nothing. For running IKE
// alone: oakleyd with `dataplane = none`, the oakload load generator, probes against charon. SPIs
// are unique per instance, so the SAs it "installs" are still told apart by the engines.
#pragma once

#include <cstdint>
#include <mutex>

#include "dataplane/backend.hpp"

namespace oakley::dataplane {

class NullBackend final : public Backend {
 public:
  std::string_view name() const override { return "null"; }
  Result<std::uint32_t> allocate_spi() override;
  Status install_sa(const SaConfig&) override { return {}; }
  Status update_sa(const SaId&, const SaConfig&) override { return {}; }
  Status delete_sa(const SaId&) override { return {}; }
  Result<SaCounters> query_sa(const SaId&) const override { return SaCounters{}; }
  Status install_policy(const PolicyConfig&) override { return {}; }
  Status delete_policy(const PolicyId&) override { return {}; }
  DataplaneStats stats() const override { return {}; }
  void set_event_handler(EventHandler) override {}

 private:
  std::mutex mutex_;
  std::uint32_t next_spi_ = 0x10000000;
};

}  // namespace oakley::dataplane
