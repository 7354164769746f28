// Daemon: oakleyd's parts wired together — the event loop (I/O and timers), crypto workers, the
// IKE sockets, the data plane, both IKE engines and the control socket — with reload (SIGHUP or
// `oakctl load`) and graceful shutdown (SIGTERM/SIGINT: DELETE to every peer, then exit).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "config/config.hpp"
#include "control/server.hpp"
#include "credentials/loaded_config.hpp"
#include "credentials/revocation.hpp"
#include "daemon/engines.hpp"
#include "daemon/metrics_server.hpp"
#include "daemon/metrics_snapshot.hpp"
#include "daemon/sa_event_hub.hpp"
#include "daemon/service_notify.hpp"
#include "daemon/updown_runner.hpp"
#include "dataplane/backend.hpp"
#include "ike/host_names.hpp"
#include "ike/key_log.hpp"
#include "ike/reqid_allocator.hpp"
#include "net/dns_resolver.hpp"
#include "net/event_loop.hpp"
#include "net/ike_sockets.hpp"
#include "net/socket_sender.hpp"
#include "net/worker_pool.hpp"

namespace oakley::daemon {

struct DaemonOptions {
  std::string config_path;
  std::optional<std::string> control_socket;  // overrides the config's control_socket
  std::optional<log::Level> log_level;        // overrides the config's log_level
};

class Daemon {
 public:
  // Loads the configuration and opens everything; the error says what could not be set up.
  static Result<std::unique_ptr<Daemon>> create(DaemonOptions options);
  ~Daemon();

  // Runs until a terminate signal has shut everything down.
  void run();

  // Loads the config file again and applies it only if all of it is valid.
  Status reload();
  // DELETE to every peer, data plane cleared, then the loop stops.
  void shutdown();

  Engines& engines() { return *engines_; }
  const Engines& engines() const { return *engines_; }
  net::EventLoop& loop() { return loop_; }
  const net::IkeSockets& sockets() const { return sockets_; }
  const dataplane::Backend& dataplane() const { return *dataplane_; }
  const net::WorkerPool& workers() const { return *workers_; }
  const credentials::RevocationFetcher& revocation() const { return *revocation_; }
  const std::string& config_path() const { return options_.config_path; }
  const std::string& control_path() const { return control_path_; }
  std::chrono::seconds uptime() const;
  // The metrics endpoint, when configured (its address has the port actually bound).
  const MetricsServer* metrics() const { return metrics_.get(); }
  const ike::KeyLog& key_log() const { return key_log_; }
  SaEventHub& sa_events() { return sa_events_; }
  const SaEventHub& sa_events() const { return sa_events_; }
  const UpdownRunner& updown() const { return updown_; }
  const ike::HostNames& host_names() const { return host_names_; }

 private:
  Daemon(DaemonOptions options, std::shared_ptr<const credentials::LoadedConfig> config,
         std::shared_ptr<credentials::RevocationFetcher> revocation);
  Status start();
  Status open_dataplane();
  Status drop_privileges_if_configured();
  void wire_dataplane();
  // Starts, moves or stops the metrics endpoint as the configuration says (daemon_metrics.cpp).
  Status apply_metrics_config();
  // On the HTTP thread: a snapshot taken on the loop, rendered; nullopt if the loop is too busy.
  std::optional<std::string> scrape();
  // Turns the Wireshark key log on or off and points it at export_keys_dir (commands_keys.cpp).
  void apply_key_export_config();
  void write_key_dir();

  DaemonOptions options_;
  // OCSP and CRL fetches over libcurl, and their cache: one for the daemon's life, shared by
  // every configuration the daemon loads.
  std::shared_ptr<credentials::RevocationFetcher> revocation_;
  std::shared_ptr<const credentials::LoadedConfig> config_;
  std::string control_path_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool shutting_down_ = false;

  // Declaration order is destruction order reversed: the loop outlives everything using it.
  net::EventLoop loop_;
  std::unique_ptr<net::WorkerPool> workers_;
  // DNS names of local_addrs/remote_addrs: getaddrinfo on threads of its own, and the table both
  // engines resolve through and match responders against; they outlive the engines.
  net::DnsResolver dns_{loop_};
  ike::HostNames host_names_{dns_, loop_};
  net::IkeSockets sockets_;
  net::SocketSender sender_{sockets_};
  ike::ReqidAllocator reqids_;
  ike::KeyLog key_log_;  // outlives the engines, which report to it
  std::atomic<bool> key_dir_write_pending_{false};
  std::string key_dir_;  // the export_keys_dir being kept current
  std::unique_ptr<dataplane::Backend> dataplane_;
  SaEventHub sa_events_;  // outlives the engines, which publish to it
  UpdownRunner updown_;   // fed by sa_events_; its destructor waits for running scripts
  std::unique_ptr<Engines> engines_;
  std::unique_ptr<control::Server> control_;
  std::unique_ptr<ServiceNotifier> notifier_;  // only when started by systemd (Type=notify)
  ChildTrafficLedger traffic_ledger_;          // loop thread only
  std::unique_ptr<MetricsServer> metrics_;     // last: stopped first, before what it reads
};

}  // namespace oakley::daemon
