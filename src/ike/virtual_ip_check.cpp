#include "ike/virtual_ip_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace oakley::ike {

namespace {

struct SpecialRange {
  TrafficSelector range;
  const char* what;
};

SpecialRange range(const char* prefix, unsigned len, const char* what) {
  return {TrafficSelector::from_prefix(*IpAddress::parse(prefix), len), what};
}

// Address ranges that never name one host on a tunnel (RFC 6890 and the IPv6 addressing RFCs).
const std::vector<SpecialRange>& special_ranges() {
  static const std::vector<SpecialRange> ranges = {
      range("0.0.0.0", 8, "an unspecified (\"this network\") address"),
      range("127.0.0.0", 8, "a loopback address"),
      range("169.254.0.0", 16, "a link-local address"),
      range("224.0.0.0", 4, "a multicast address"),
      range("240.0.0.0", 4, "a reserved or broadcast address"),
      range("::", 128, "the unspecified address"),
      range("::1", 128, "the loopback address"),
      range("fe80::", 10, "a link-local address"),
      range("ff00::", 8, "a multicast address"),
      range("::ffff:0:0", 96, "an IPv4-mapped address"),
  };
  return ranges;
}

}  // namespace

std::optional<std::string> virtual_ip_refusal(const IpAddress& address,
                                              const VirtualIpContext& context) {
  for (const auto& s : special_ranges()) {
    if (s.range.family() == address.family() && s.range.contains(address)) return s.what;
  }
  for (const auto& own : context.own_addresses) {
    if (own == address) return "an address the IKE SA itself uses";
  }
  for (const auto& n : context.local_networks) {
    if (n.family() == address.family() && n.contains(address)) {
      return fmt::format("inside our local network {}", n.to_string());
    }
  }
  return std::nullopt;
}

std::optional<std::string> VirtualIpSelection::offer(const IpAddress& address) {
  auto family = address.family();
  if (std::find(requested_.begin(), requested_.end(), family) == requested_.end()) {
    return fmt::format("we asked for no IPv{} address", static_cast<int>(family));
  }
  for (const auto& a : accepted_) {
    if (a.family() == family) {
      return fmt::format("we already took {} (one address per family)", a.to_string());
    }
  }
  if (auto why = virtual_ip_refusal(address, context_)) return why;
  accepted_.push_back(address);
  return std::nullopt;
}

}  // namespace oakley::ike
