// Backend: what the IKE engines call to make negotiated CHILD_SAs carry traffic. Implemented by
// the userspace TUN data plane (tun/tun_backend.hpp, the default) and NullBackend (IKE only), and
// in tests by RecordingBackend (tests/support); a Linux XFRM netlink backend can implement it later
// without changing callers.
//
// Threading: the control calls are made from the IKE loop thread; implementations make them safe
// to call from any single thread. Events and IKE packets arrive on data-plane threads (see
// EventHandler in types.hpp).
//
// Make-before-break rekey: install the new inbound and outbound SAs (same reqid), then delete the
// old ones later. An outbound policy always uses the most recently installed outbound SA of its
// reqid, and the old inbound SA keeps accepting until it is deleted, so no packet is lost.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/types.hpp"
#include "sockio/ike_inbox.hpp"

namespace oakley::dataplane {

class Backend {
 public:
  virtual ~Backend() = default;

  virtual std::string_view name() const = 0;

  // A fresh inbound SPI (never 0-255, RFC 4303 2.1) not in use by an installed SA.
  virtual Result<std::uint32_t> allocate_spi() = 0;

  // Fails if an SA with the same id (or, inbound, the same SPI) exists, or if algorithms and key
  // lengths do not fit together; the error says which.
  virtual Status install_sa(const SaConfig& sa) = 0;
  // Changes the outer addresses and UDP encapsulation of an installed SA (MOBIKE, NAT mapping
  // change); sequence numbers, replay window and counters carry over. spi, direction, algorithms
  // and keys must be those of the installed SA.
  virtual Status update_sa(const SaId& id, const SaConfig& sa) = 0;
  virtual Status delete_sa(const SaId& id) = 0;
  virtual Result<SaCounters> query_sa(const SaId& id) const = 0;

  // Installing a policy with the selectors of an existing one replaces it.
  virtual Status install_policy(const PolicyConfig& policy) = 0;
  virtual Status delete_policy(const PolicyId& id) = 0;

  virtual DataplaneStats stats() const = 0;
  // The same counters per packet thread (empty for a backend without threads of its own).
  virtual std::vector<DataplaneStats> thread_stats() const { return {}; }

  // A virtual IP the peer assigned to us (IKEv2 CP, IKEv1 Mode Config): configured where the
  // protected traffic leaves (the TUN device), so local programs and the routes use it as
  // source. Call before installing the policies whose local selector it is.
  virtual Status add_virtual_ip(const IpAddress& address) {
    (void)address;
    return {};
  }
  virtual Status remove_virtual_ip(const IpAddress& address) {
    (void)address;
    return {};
  }

  // Set before traffic flows; replacing it later is allowed (thread-safe).
  virtual void set_event_handler(EventHandler handler) = 0;

  // NAT-T: the daemon hands over its UDP-encapsulation sockets (ESP-in-UDP is sent through them)
  // and, when handles_udp_encap_receive() is true, stops reading them itself: the backend reads
  // them on its own threads, classifies each datagram once (sockio::classify_udp_encap) and offers
  // the IKE ones (marker stripped) to `inbox`, the network layer's bounded queue to the IKE loop.
  // Set the inbox before the sockets; it must outlive the backend.
  virtual bool handles_udp_encap_receive() const { return false; }
  virtual Status set_udp_encap_sockets(std::vector<UdpEncapSocket> sockets) {
    (void)sockets;
    return {};
  }
  virtual void set_ike_inbox(sockio::IkeInbox* inbox) { (void)inbox; }
};

}  // namespace oakley::dataplane
