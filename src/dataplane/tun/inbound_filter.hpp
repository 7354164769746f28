// InboundFilter: what a kernel IPsec inbound policy does and a TUN data plane cannot, since
// cleartext never passes through it: packets from a protected remote selector to a protected
// local one that arrive on any interface but the TUN device are dropped. An nftables table of our
// own ("inet oakley_<device>") with one prerouting chain, rebuilt atomically (one libnftables
// transaction) whenever policies come and go, replaced at start if a stale one exists, removed at
// exit. Let through before the drop rules: whatever the TUN device delivers (decrypted), ESP and
// IKE / NAT-T datagrams to this host (outer packets of a host-to-host tunnel match its selectors),
// IPv6 neighbour discovery, and pass (bypass) policies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "dataplane/types.hpp"

struct nft_ctx;

namespace oakley::dataplane::tun {

struct InboundFilterSpec {
  std::string device;                    // the TUN device: decrypted traffic arrives there
  std::vector<std::uint16_t> ike_ports;  // UDP ports of our IKE and NAT-T sockets
};

// The table's name for a device: "oakley_" + the name with anything nft would not take as "_".
std::string inbound_filter_table(const std::string& device);
// The nft script that (re)creates the whole table with a rule per policy, in one transaction.
std::string inbound_filter_script(const InboundFilterSpec& spec,
                                  const std::vector<PolicyConfig>& policies);
// The match and verdict of one policy ("ip saddr 10.2.0.0/24 ip daddr 10.1.0.0/24 counter drop").
std::string inbound_filter_rule(const PolicyConfig& policy);

class InboundFilter {
 public:
  // Installs the table with no policies (replacing a stale one); needs CAP_NET_ADMIN.
  static Result<std::unique_ptr<InboundFilter>> create(InboundFilterSpec spec);
  ~InboundFilter();  // removes the table
  InboundFilter(const InboundFilter&) = delete;
  InboundFilter& operator=(const InboundFilter&) = delete;

  // Rebuilds the rules for exactly these policies.
  Status sync(const std::vector<PolicyConfig>& policies);
  const std::string& table() const { return table_; }

 private:
  InboundFilter(InboundFilterSpec spec, nft_ctx* ctx);
  Status run(const std::string& script);

  InboundFilterSpec spec_;
  std::string table_;
  nft_ctx* ctx_;
};

}  // namespace oakley::dataplane::tun
