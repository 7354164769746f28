// TunBackend: the default data plane. Userspace ESP between a TUN device (where the kernel routes
// the protected traffic) and raw ESP / NAT-T UDP sockets, on one worker thread per core.
//
// Wiring (daemon):
//   auto dp = TunBackend::create({.device = "oak0"});       // needs CAP_NET_ADMIN + CAP_NET_RAW
//   dp->set_event_handler(post_to_ike_loop);                // called on worker threads
//   dp->set_ike_inbox(&ike_sockets.udp_encap_inbox());      // IKE arriving on NAT-T sockets
//   ike_sockets.set_udp_encap_receive_external(dp->handles_udp_encap_receive());
//   dp->set_udp_encap_sockets({{fd, local_endpoint}, ...}); // the network layer's 4500 sockets
// then the IKE engines call install_sa / install_policy etc. from the IKE loop thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dataplane/backend.hpp"
#include "dataplane/datapath.hpp"
#include "dataplane/tun/fd.hpp"
#include "dataplane/tun/inbound_filter.hpp"
#include "dataplane/tun/routes.hpp"
#include "dataplane/tun/tun_device.hpp"
#include "dataplane/tun/worker.hpp"

namespace oakley::dataplane::tun {

struct TunBackendConfig {
  std::string device = "oak0";
  unsigned mtu = 1400;        // like charon's ipsec0: room for ESP (+ UDP) in a 1500-byte path
  unsigned workers = 0;       // 0: one per core
  bool manage_routes = true;  // routes for protect/trap policies' remote selectors
  RoutingTable routing;       // where those routes go; its mark is set on the raw ESP sockets
  bool raw_esp = true;        // plain ESP over raw sockets (CAP_NET_RAW); false: ESP-in-UDP only
  bool receive_udp_encap = true;  // read the NAT-T sockets on the workers
  bool offload = true;  // TSO/GRO with the TUN device (falls back to plain reads if refused)
  // Drop cleartext from protected remote selectors that did not come through the tunnel
  // (inbound_filter.hpp); the UDP ports of our IKE sockets stay open to the peers.
  bool inbound_filter = false;
  std::vector<std::uint16_t> ike_ports;
};

class TunBackend final : public Backend {
 public:
  // Opens the device and sockets and starts the workers.
  static Result<std::unique_ptr<TunBackend>> create(const TunBackendConfig& config);
  // Stops the workers; closing the device removes it and its routes.
  ~TunBackend() override;

  std::string_view name() const override { return "tun"; }
  Result<std::uint32_t> allocate_spi() override { return dp_.allocate_spi(); }
  Status install_sa(const SaConfig& sa) override { return dp_.install_sa(sa); }
  Status update_sa(const SaId& id, const SaConfig& sa) override { return dp_.update_sa(id, sa); }
  Status delete_sa(const SaId& id) override { return dp_.delete_sa(id); }
  Result<SaCounters> query_sa(const SaId& id) const override { return dp_.query_sa(id); }
  Status install_policy(const PolicyConfig& policy) override;
  Status delete_policy(const PolicyId& id) override;
  DataplaneStats stats() const override { return dp_.stats(); }
  std::vector<DataplaneStats> thread_stats() const override { return dp_.thread_stats(); }
  void set_event_handler(EventHandler handler) override;
  Status add_virtual_ip(const IpAddress& address) override;
  Status remove_virtual_ip(const IpAddress& address) override;

  bool handles_udp_encap_receive() const override { return shared_.receive_udp_encap; }
  Status set_udp_encap_sockets(std::vector<UdpEncapSocket> sockets) override;
  void set_ike_inbox(sockio::IkeInbox* inbox) override;

  const TunDevice& device() const { return device_; }
  std::vector<Prefix> routes() const;
  unsigned worker_count() const { return static_cast<unsigned>(workers_.size()); }

 private:
  TunBackend(const TunBackendConfig& config, unsigned workers, TunDevice device);
  Status open_sockets();
  void sync_filter();
  void wake_all();

  TunBackendConfig config_;
  Datapath dp_;
  TunDevice device_;
  Fd raw4_;
  Fd raw6_;
  WorkerShared shared_;
  std::vector<std::unique_ptr<Worker>> workers_;
  mutable std::mutex control_mutex_;  // routes_ and policies_
  std::unique_ptr<PolicyRoutes> routes_;
  std::unique_ptr<InboundFilter> filter_;
  std::map<PolicyId, PolicyConfig> policies_;
};

}  // namespace oakley::dataplane::tun
