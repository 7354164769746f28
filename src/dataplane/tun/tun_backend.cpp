#include "dataplane/tun/tun_backend.hpp"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <thread>

#include "common/log.hpp"
#include "dataplane/tun/raw_socket.hpp"

namespace oakley::dataplane::tun {

namespace {
unsigned default_workers(unsigned configured) {
  if (configured != 0) return configured;
  return std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

TunBackend::TunBackend(const TunBackendConfig& config, unsigned workers, TunDevice device)
    : config_(config), dp_(workers), device_(std::move(device)), shared_(dp_) {}

Result<std::unique_ptr<TunBackend>> TunBackend::create(const TunBackendConfig& config) {
  const unsigned n = default_workers(config.workers);
  auto device = TunDevice::open(config.device, n, config.mtu, config.offload);
  if (!device && config.offload) {
    log::warn("dataplane", "TUN offloads unavailable ({}), reading packet by packet",
              device.error().message);
    device = TunDevice::open(config.device, n, config.mtu, false);
  }
  if (!device) return make_error("TUN device " + config.device + ": " + device.error().message);
  std::unique_ptr<TunBackend> b(new TunBackend(config, n, std::move(device).value()));
  if (auto s = b->open_sockets(); !s) return s.take_error();
  if (config.inbound_filter) {
    auto filter = InboundFilter::create({config.device, config.ike_ports});
    if (!filter) return filter.take_error();
    b->filter_ = std::move(filter).value();
  }
  if (config.manage_routes) {
    auto nl = Rtnetlink::open();
    if (!nl) return nl.take_error();
    b->routes_ =
        std::make_unique<PolicyRoutes>(std::move(nl).value(), b->device_.ifindex(), config.routing);
    if (auto s = b->routes_->install_rules(); !s) return s.take_error();
  }
  b->shared_.receive_udp_encap = config.receive_udp_encap;
  b->shared_.max_packet = config.mtu;
  b->shared_.workers = n;
  b->shared_.offload = b->device_.offload();
  for (unsigned i = 0; i < n; ++i)
    b->workers_.push_back(std::make_unique<Worker>(b->shared_, i, b->device_.queue(i)));
  // Trap-queued packets go out from worker 0 once their SA is there.
  b->dp_.set_flush_notifier([w = b->workers_[0].get()] { w->wake(); });
  for (auto& w : b->workers_)
    w->start();
  log::info("dataplane", "TUN backend on {} (MTU {}, {} workers{})", config.device, config.mtu, n,
            b->device_.offload() ? ", TSO/GRO" : "");
  return b;
}

Status TunBackend::open_sockets() {
  if (!config_.raw_esp) return {};
  auto v4 = open_raw_esp_socket(IpAddress::Family::kV4, config_.routing.bypass_mark);
  if (!v4) return v4.take_error();
  raw4_ = std::move(v4).value();
  shared_.raw4 = raw4_.get();
  if (auto v6 = open_raw_esp_socket(IpAddress::Family::kV6, config_.routing.bypass_mark)) {
    raw6_ = std::move(v6).value();
    shared_.raw6 = raw6_.get();
  } else {
    log::warn("dataplane", "no IPv6 ESP: {}", v6.error().message);
  }
  return {};
}

TunBackend::~TunBackend() {
  shared_.stop.store(true, std::memory_order_release);
  wake_all();
  for (auto& w : workers_)
    w->join();
}

void TunBackend::wake_all() {
  for (auto& w : workers_)
    w->wake();
}

// A route that cannot be added is reported, but the policy stays: packets that reach the TUN
// device some other way (a broader route) are still protected by it.
Status TunBackend::install_policy(const PolicyConfig& policy) {
  if (auto s = dp_.install_policy(policy); !s) return s;
  std::lock_guard lock(control_mutex_);
  auto old = policies_.find(policy.id());
  if (routes_ && old != policies_.end()) routes_->remove(old->second);
  policies_[policy.id()] = policy;
  sync_filter();
  if (routes_) return routes_->add(policy);
  return {};
}

// A filter that cannot be updated leaves the previous rules in place (the transaction is atomic);
// the policy itself stands, as with routes.
void TunBackend::sync_filter() {
  if (!filter_) return;
  std::vector<PolicyConfig> all;
  all.reserve(policies_.size());
  for (const auto& [id, p] : policies_)
    all.push_back(p);
  if (auto st = filter_->sync(all); !st)
    log::error("dataplane", "inbound filter not updated: {}", st.error().message);
}

Status TunBackend::delete_policy(const PolicyId& id) {
  if (auto s = dp_.delete_policy(id); !s) return s;
  std::lock_guard lock(control_mutex_);
  auto it = policies_.find(id);
  if (it == policies_.end()) return {};
  if (routes_) routes_->remove(it->second);
  policies_.erase(it);
  sync_filter();
  return {};
}

Status TunBackend::add_virtual_ip(const IpAddress& address) {
  std::lock_guard lock(control_mutex_);
  if (!routes_) return make_error("virtual IP " + address.to_string() + ": no rtnetlink socket");
  return routes_->netlink().add_address(device_.ifindex(), address);
}

Status TunBackend::remove_virtual_ip(const IpAddress& address) {
  std::lock_guard lock(control_mutex_);
  if (!routes_) return {};
  return routes_->netlink().delete_address(device_.ifindex(), address);
}

void TunBackend::set_event_handler(EventHandler handler) {
  dp_.set_event_handler(std::move(handler));
}

Status TunBackend::set_udp_encap_sockets(std::vector<UdpEncapSocket> sockets) {
  for (const auto& s : sockets) {
    if (s.fd < 0) return make_error("NAT-T socket " + s.local.to_string() + " has no descriptor");
    // The workers read these sockets: let the kernel hand over trains of ESP datagrams at once.
    const int on = 1;
    if (config_.receive_udp_encap) ::setsockopt(s.fd, SOL_UDP, UDP_GRO, &on, sizeof on);
  }
  shared_.set_udp_sockets(std::move(sockets));
  wake_all();
  return {};
}

void TunBackend::set_ike_inbox(sockio::IkeInbox* inbox) {
  shared_.ike_inbox.store(inbox, std::memory_order_release);
}

std::vector<Prefix> TunBackend::routes() const {
  std::lock_guard lock(control_mutex_);
  return routes_ ? routes_->installed() : std::vector<Prefix>{};
}

}  // namespace oakley::dataplane::tun
