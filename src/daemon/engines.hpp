// Engines: the IKEv1 and IKEv2 engines side by side, as one thing to the daemon and oakctl.
// Received datagrams go to the engine of their major version; operations on a connection go to
// the engine of its configured version; operations on an SA id go to the engine that holds the
// SA (both draw their ids from one ike::SaIds, so an id names one SA of either version).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/log_summary.hpp"
#include "ike/sa_ids.hpp"
#include "ikev1/engine.hpp"
#include "ikev2/engine.hpp"

namespace oakley::daemon {

struct EngineSet {
  TimerService& timers;
  WorkPool& work;
  PacketSender& sender;
  dataplane::Backend& dataplane;
  ike::ReqidAllocator& reqids;
  ike::KeyLog* key_log = nullptr;  // Wireshark key export
  ike::SaEventSink events = {};    // SA events of both engines
  // DNS names of local_addrs/remote_addrs: both engines resolve through it, and every applied
  // configuration's names are watched (resolved now and periodically) for responder matching.
  ike::HostNames* host_names = nullptr;
};

class Engines {
 public:
  using Completion = std::function<void(const Status&)>;

  Engines(EngineSet deps, std::shared_ptr<const credentials::LoadedConfig> config);

  void apply_config(std::shared_ptr<const credentials::LoadedConfig> config);
  const credentials::LoadedConfig& config() const { return v2_.config(); }
  std::shared_ptr<const credentials::LoadedConfig> config_snapshot() const {
    return v2_.config_snapshot();
  }

  // One IKE message without non-ESP marker.
  void on_packet(ByteView data, const Endpoint& local, const Endpoint& remote);
  void on_dataplane_event(const dataplane::Event& event);

  Status initiate(std::string_view connection, std::string_view child, Completion done);
  Status terminate_connection(std::string_view connection, Completion done);
  Status terminate_child(std::string_view connection, std::string_view child, Completion done);
  Status terminate_ike(std::uint32_t ike_id, Completion done);
  Status rekey_connection(std::string_view connection, Completion done);
  Status rekey_child(std::string_view connection, std::string_view child, Completion done);
  Status rekey_ike(std::uint32_t ike_id, Completion done);

  std::vector<ike::IkeSaInfo> list_sas() const;
  std::vector<std::string> diagnose(std::string_view connection) const;
  void shutdown();

  const ikev2::Engine& v2() const { return v2_; }
  // Datagrams too short for an IKE header or of an IKE major version we do not speak.
  std::uint64_t not_ike_dropped() const { return not_ike_.total(); }
  const ikev1::Engine& v1() const { return v1_; }

 private:
  bool uses_v1(std::string_view connection) const;

  ike::SaIds ids_;  // before the engines, which use it
  ikev2::Engine v2_;
  ikev1::Engine v1_;
  ike::HostNames* host_names_;
  // Anyone can send these at any rate: each at debug, counted, a summary line now and then.
  log::EventSummary not_ike_{
      log::Level::kInfo, "net",
      "datagrams dropped: not IKEv1 or IKEv2 (too short or other major version)"};
};

}  // namespace oakley::daemon
