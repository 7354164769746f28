// A stand-in for the IKEv2 engine as its exchanges see it (ikev2/exchange_context.hpp): reads
// answer from plain members, and every effect an exchange asks for is written to `effects`, so a
// test can run one Responder or Task alone and check both its Reply and what it asked for.
// Header-only: it needs the IKEv2 library, which oakley_test_support does not link.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "common/timer_heap.hpp"
#include "ikev2/exchange_context.hpp"
#include "support/recording_backend.hpp"

namespace oakley::ikev2::testing {

class RecordingExchangeContext final : public ExchangeContext {
 public:
  // Reads.
  const credentials::LoadedConfig& config() const override { return loaded; }
  const EngineOptions& options() const override { return engine_options; }
  TimerService& timers() override { return timer_heap; }
  const ike::HostNames* host_names() const override { return nullptr; }
  ike::KeyLog* key_log() override { return nullptr; }
  std::optional<IpAddress> source_for(const IpAddress&) override { return std::nullopt; }
  IkeSa* find_sa(std::uint32_t id) override {
    for (IkeSa* sa : sas)
      if (sa->id == id) return sa;
    return nullptr;
  }
  bool spi_in_use(std::uint64_t) const override { return false; }
  std::vector<IkeSa*> duplicates_of(const IkeSa&) override { return {}; }
  ike::Selectors local_selectors(const IkeSa&, const config::Child&) const override { return {}; }
  ike::Selectors remote_selectors(const IkeSa&, const config::Child&) const override { return {}; }
  const config::SharedSecret* find_psk(const IkeSa&, const config::Identity&,
                                       const config::Identity&) override {
    return nullptr;
  }
  const CookieSecrets& cookie_secrets() const override { return cookies; }
  bool cookies_required(const IpAddress&) const override { return false; }
  std::size_t half_open_from(const IpAddress&) const override { return 0; }
  std::size_t half_open_count() const override { return 0; }
  EngineStats& mutable_stats() override { return stats; }
  ike::diagnosis::Recorder& diagnosis() override { return recorder; }
  ike::AddressPools& address_pools() override { return pools; }
  dataplane::Backend& dataplane() override { return backend; }

  // Effects: recorded by name (and the SA or child they concern).
  IkeSa& create_sa(bool, const config::Connection*) override {
    throw std::logic_error("create_sa is not faked");
  }
  IkeSa& create_sa_with_spi(bool, const config::Connection*, std::uint64_t) override {
    throw std::logic_error("create_sa_with_spi is not faked");
  }
  void count_half_open(IkeSa& sa, bool add) override {
    note("count_half_open", sa.id, add ? 1 : 0);
  }
  void queue_task(IkeSa& sa, std::unique_ptr<Task> task) override {
    note("queue_task " + std::string(task->name()), sa.id);
  }
  void on_established(IkeSa& sa) override { note("on_established", sa.id); }
  void on_rekeyed(IkeSa& old, IkeSa& successor) override {
    note("on_rekeyed", old.id, successor.id);
  }
  void adopt_children(IkeSa& from, IkeSa& to) override { note("adopt_children", from.id, to.id); }
  void destroy_sa(IkeSa& sa, const std::string&, bool) override { note("destroy_sa", sa.id); }
  void complete_ike(std::uint32_t ike_id, const Status&) override { note("complete_ike", ike_id); }
  void complete_child(std::uint32_t child_id, const Status&) override {
    note("complete_child", child_id);
  }
  Result<std::uint32_t> allocate_spi() override {
    note("allocate_spi", next_spi);
    return next_spi++;
  }
  void release_spi(std::uint32_t spi) override { note("release_spi", spi); }
  std::uint32_t next_child_id() override { return ++child_ids; }
  std::uint32_t reqid_for_child(const IkeSa&, const config::Child&, const ike::Selectors&,
                                const ike::Selectors&) override {
    return 1;
  }
  Status install_child(IkeSa& sa, ChildSa& child, const ChildKeys&, bool) override {
    note("install_child", sa.id, child.id);
    return {};
  }
  Status install_outbound(IkeSa& sa, ChildSa& child, const ChildKeys&) override {
    note("install_outbound", sa.id, child.id);
    return {};
  }
  std::map<std::uint32_t, ChildKeys>& pending_outbound() override { return pending; }
  void schedule_child_timers(IkeSa& sa, ChildSa& child) override {
    note("schedule_child_timers", sa.id, child.id);
  }
  void remove_child(IkeSa& sa, ChildSa& child, ChildEnd why) override {
    note(fmt::format("remove_child {}", why == ChildEnd::kClosedByPeer ? "closed" : "deleted"),
         sa.id, child.id);
  }
  void emit_child_event(ike::SaEventKind, const IkeSa& sa, const ChildSa& child,
                        std::string) override {
    note("emit_child_event", sa.id, child.id);
  }
  void emit_child_failed(const IkeSa& sa, std::string_view, std::string) override {
    note("emit_child_failed", sa.id);
  }

  void note(const std::string& what, std::uint32_t a, std::uint32_t b = 0) {
    effects.push_back(b ? fmt::format("{} {} {}", what, a, b) : fmt::format("{} {}", what, a));
  }

  credentials::LoadedConfig loaded;
  EngineOptions engine_options;
  TimerHeap timer_heap;
  CookieSecrets cookies;
  EngineStats stats;
  ike::diagnosis::Recorder recorder{2};
  ike::AddressPools pools;
  dataplane::RecordingBackend backend;
  std::map<std::uint32_t, ChildKeys> pending;
  std::vector<IkeSa*> sas;
  std::uint32_t next_spi = 0xc0000001;
  std::uint32_t child_ids = 0;
  std::vector<std::string> effects;
};

}  // namespace oakley::ikev2::testing
