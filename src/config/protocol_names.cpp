// Protocol and service names for traffic selectors. strongSwan asks getprotobyname(3) and
// getservbyname(3); a fixed table keeps oakley's reading of a file independent of /etc contents.
#include <array>
#include <utility>

#include "config/traffic_selector.hpp"

namespace oakley::config {

namespace {

constexpr std::array<std::pair<std::string_view, std::uint8_t>, 17> kProtocols = {{
    {"icmp", 1},
    {"igmp", 2},
    {"ipencap", 4},
    {"tcp", 6},
    {"udp", 17},
    {"ipv6", 41},
    {"ipv6-route", 43},
    {"ipv6-frag", 44},
    {"gre", 47},
    {"esp", 50},
    {"ah", 51},
    {"ipv6-icmp", 58},
    {"icmpv6", 58},
    {"ospf", 89},
    {"l2tp", 115},
    {"sctp", 132},
    {"udplite", 136},
}};

constexpr std::array<std::pair<std::string_view, std::uint16_t>, 24> kServices = {{
    {"ftp-data", 20}, {"ftp", 21},    {"ssh", 22},           {"telnet", 23},  {"smtp", 25},
    {"domain", 53},   {"bootps", 67}, {"bootpc", 68},        {"tftp", 69},    {"http", 80},
    {"pop3", 110},    {"ntp", 123},   {"imap", 143},         {"snmp", 161},   {"bgp", 179},
    {"ldap", 389},    {"https", 443}, {"isakmp", 500},       {"syslog", 514}, {"submission", 587},
    {"ldaps", 636},   {"l2tp", 1701}, {"ipsec-nat-t", 4500}, {"sip", 5060},
}};

}  // namespace

std::optional<std::uint8_t> ip_protocol_number(std::string_view name) {
  for (const auto& [n, v] : kProtocols) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string ip_protocol_name(std::uint8_t number) {
  for (const auto& [n, v] : kProtocols) {
    if (v == number) return std::string(n);
  }
  return std::to_string(number);
}

std::optional<std::uint16_t> service_port(std::string_view name) {
  for (const auto& [n, v] : kServices) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace oakley::config
