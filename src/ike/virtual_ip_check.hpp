// What a gateway may assign us as a virtual IP (IKEv2 configuration payload, IKEv1 Mode Config)
// before it goes on our TUN device: an address there becomes local, so a hostile or broken gateway
// could otherwise take over loopback, multicast or link-local ranges, our own addresses, or the
// networks behind us. Both IKE versions use this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"

namespace oakley::ike {

struct VirtualIpContext {
  // Addresses the tunnel itself depends on: our IKE address and the gateway's.
  std::vector<IpAddress> own_addresses;
  // Networks behind us: the configured local traffic selectors that name a network (not
  // "dynamic", not the whole address space).
  std::vector<TrafficSelector> local_networks;
};

// Why `address` must not become a virtual IP, in words; nullopt when it may. Refused: unspecified,
// "this network" (0.0.0.0/8), loopback, link-local, multicast, IPv4 class E and broadcast
// (240.0.0.0/4), IPv4-mapped IPv6, our own and the gateway's IKE address, and addresses inside
// local_networks.
std::optional<std::string> virtual_ip_refusal(const IpAddress& address,
                                              const VirtualIpContext& context);

// Takes at most one acceptable address per family we asked for, the first the gateway names.
class VirtualIpSelection {
 public:
  VirtualIpSelection(std::vector<IpAddress::Family> requested, VirtualIpContext context)
      : requested_(std::move(requested)), context_(std::move(context)) {}
  // nullopt when `address` is taken; otherwise why not, in words.
  std::optional<std::string> offer(const IpAddress& address);
  const std::vector<IpAddress>& accepted() const { return accepted_; }

 private:
  std::vector<IpAddress::Family> requested_;
  VirtualIpContext context_;
  std::vector<IpAddress> accepted_;
};

}  // namespace oakley::ike
