#include "daemon/daemon.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "credentials/store.hpp"
#include "crypto/cipher.hpp"
#include "daemon/commands.hpp"
#include "daemon/dataplane_factory.hpp"
#include "daemon/privileges.hpp"
#include "daemon/sa_count_source.hpp"
#include "net/http_client.hpp"

namespace oakley::daemon {

namespace {

net::IkeSocketsConfig socket_config(const config::DaemonSettings& d) {
  net::IkeSocketsConfig c;
  c.addresses = d.listen;
  c.ike_port = d.port;
  c.natt_port = d.port_nat_t;
  // Only where routes lead into the tunnel is there a table for our own packets to skip.
  if (d.dataplane == config::Dataplane::kTun && d.install_routes) c.socket_options.mark = d.fwmark;
  return c;
}

// Revocation data comes over HTTP with libcurl; the fetches run on the crypto workers.
std::shared_ptr<credentials::RevocationFetcher> make_revocation_fetcher() {
  net::http_init();
  return std::make_shared<credentials::RevocationFetcher>([](const credentials::HttpRequest& r) {
    return net::http_fetch(net::HttpCall{r.url, r.content_type, r.body, r.timeout, r.max_bytes});
  });
}

// What a configuration asks of the crypto layer, before any engine sees it: the legacy ciphers
// it lists (loading OpenSSL's legacy provider) and the warnings the loader collected.
Status apply_algorithm_settings(const config::Config& config) {
  if (!crypto::enable_legacy_ciphers(config.daemon.legacy_ciphers)) {
    return make_error(config.daemon.location.to_string() +
                      ": legacy_ciphers: OpenSSL's legacy provider cannot be loaded");
  }
  for (const auto& w : config.warnings)
    log::warn("config", "{}", w);
  return {};
}

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::create(DaemonOptions options) {
  auto revocation = make_revocation_fetcher();
  auto config = credentials::load_config(options.config_path, revocation);
  if (!config) return config.error();
  std::unique_ptr<Daemon> daemon(new Daemon(std::move(options), *config, std::move(revocation)));
  if (auto st = daemon->start(); !st) return st.error();
  return daemon;
}

Daemon::Daemon(DaemonOptions options, std::shared_ptr<const credentials::LoadedConfig> config,
               std::shared_ptr<credentials::RevocationFetcher> revocation)
    : options_(std::move(options)),
      revocation_(std::move(revocation)),
      config_(std::move(config)),
      control_path_(options_.control_socket.value_or(config_->daemon.control_socket)),
      sockets_(loop_, socket_config(config_->daemon)) {}

Daemon::~Daemon() {
  key_log_.set_on_change({});
  metrics_.reset();   // its thread posts to the loop and reads the engines' snapshot
  notifier_.reset();  // it counts SAs through the engines
  if (control_) control_->stop();
  engines_.reset();
  if (workers_) workers_->shutdown();
}

Status Daemon::start() {
  const auto& d = config_->daemon;
  log::set_level(options_.log_level.value_or(d.log_level));
  if (auto st = apply_algorithm_settings(*config_); !st) return st;
  workers_ = std::make_unique<net::WorkerPool>(loop_, d.worker_threads);
  if (auto st = sockets_.open(); !st) return st;
  if (auto st = open_dataplane(); !st) return st;
  apply_key_export_config();
  sa_events_.add_listener([this](const ike::SaEvent& e) { updown_.on_event(e); });
  engines_ = std::make_unique<Engines>(
      EngineSet{loop_, *workers_, sender_, *dataplane_, reqids_, &key_log_,
                [this](const ike::SaEvent& e) { sa_events_.publish(e); }, &host_names_},
      config_);
  sockets_.on_ike_datagram([this](net::Datagram datagram) {
    if (!shutting_down_) engines_->on_packet(datagram.data, datagram.local, datagram.remote);
  });
  wire_dataplane();
  control_ = std::make_unique<control::Server>(loop_.context(), control_path_);
  register_commands(*control_, *this);
  if (auto st = control_->start(); !st) return st;
  if (auto st = apply_metrics_config(); !st) return st;
  if (auto st = drop_privileges_if_configured(); !st) return st;
  loop_.handle_signals([this](int) { shutdown(); },
                       [this] {
                         if (auto st = reload(); !st) {
                           log::error("daemon", "reload on SIGHUP failed, running config kept: {}",
                                      st.error().message);
                         }
                       });
  log::info("daemon",
            "oakleyd started: {} connection(s), {} worker thread(s), data plane {}, "
            "control socket {}",
            config_->connections.size(), workers_->threads(), dataplane_->name(), control_path_);
  // Everything a client or peer needs is open: systemd may now call us started.
  notifier_ = ServiceNotifier::from_environment(loop_, sa_count_source(*engines_));
  if (notifier_) notifier_->ready();
  return {};
}

// Everything that needs root is open now: sockets, TUN device, control socket.
Status Daemon::drop_privileges_if_configured() {
  const auto& d = config_->daemon;
  if (d.user.empty() && d.group.empty()) return {};
  auto account = resolve_account(d.user, d.group);
  if (!account) return account.error();
  if (auto st = drop_privileges(*account); !st) return st;
  log::info("daemon", "running as user {} (uid {}), gid {}, keeping only CAP_NET_ADMIN",
            account->user, account->uid, account->gid);
  return {};
}

Status Daemon::open_dataplane() {
  std::vector<std::uint16_t> ports;
  for (const auto& s : sockets_.sockets())
    if (std::find(ports.begin(), ports.end(), s.local.port) == ports.end())
      ports.push_back(s.local.port);
  auto dp = make_dataplane(config_->daemon, std::move(ports));
  if (!dp) return dp.error();
  dataplane_ = std::move(*dp);
  return {};
}

void Daemon::wire_dataplane() {
  // Data-plane threads report acquires/expiries; the IKE state lives on the loop thread, so they
  // are posted there. IKE they find on the NAT-T sockets goes into the sockets' bounded inbox,
  // the one way into the engines besides the loop's own reads.
  dataplane_->set_event_handler([this](const dataplane::Event& event) {
    loop_.post([this, event] {
      if (!shutting_down_) engines_->on_dataplane_event(event);
    });
  });
  dataplane_->set_ike_inbox(&sockets_.udp_encap_inbox());
  sockets_.set_udp_encap_receive_external(dataplane_->handles_udp_encap_receive());
  std::vector<dataplane::UdpEncapSocket> encap;
  for (const auto& s : sockets_.udp_encap_sockets())
    encap.push_back({s.fd, s.local});
  if (auto st = dataplane_->set_udp_encap_sockets(std::move(encap)); !st) {
    log::warn("daemon", "data plane refused the NAT-T sockets: {}", st.error().message);
  }
}

void Daemon::run() {
  loop_.run();
}

Status Daemon::reload() {
  auto config = credentials::load_config(options_.config_path, revocation_);
  if (!config) return config.error();
  const auto& now = (*config)->daemon;
  if (now.user != config_->daemon.user || now.group != config_->daemon.group)
    log::warn("daemon", "oakley.user / oakley.group changed: takes effect when oakleyd restarts");
  if (auto st = apply_algorithm_settings(**config); !st) return st;
  config_ = *config;
  if (!options_.log_level) log::set_level(config_->daemon.log_level);
  engines_->apply_config(config_);
  apply_key_export_config();
  if (auto st = apply_metrics_config(); !st) {
    log::error("daemon", "metrics endpoint: {}", st.error().message);
  }
  log::info("daemon", "configuration reloaded from {}: {} connection(s)", options_.config_path,
            config_->connections.size());
  if (notifier_) notifier_->refresh();
  return {};
}

void Daemon::shutdown() {
  if (shutting_down_) return;
  log::info("daemon", "shutting down: deleting every SA");
  if (notifier_) notifier_->stopping();
  engines_->shutdown();
  sa_events_.close_all();  // after the engines' last events (the SAs going down)
  shutting_down_ = true;
  if (control_) control_->stop();
  loop_.stop();
}

std::chrono::seconds Daemon::uptime() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                          started_);
}

}  // namespace oakley::daemon
