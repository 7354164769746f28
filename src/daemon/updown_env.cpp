#include "daemon/updown_env.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace oakley::daemon {
namespace {

constexpr std::uint8_t kIcmp = 1, kIcmpV6 = 58;

// charon's port variables: for ICMP the type (local) or code (remote) packed in the selectors'
// port; otherwise the port, "0" for any, or "from:to" for a range.
std::string port_of(const TrafficSelector& me, const TrafficSelector& other, bool local) {
  auto proto = std::max(me.ip_protocol, other.ip_protocol);
  if (proto == kIcmp || proto == kIcmpV6) {
    auto port = std::max(me.start_port, other.start_port);
    return std::to_string(local ? port >> 8 : port & 0xff);
  }
  const auto& ts = local ? me : other;
  if (ts.start_port == ts.end_port || (ts.start_port == 0 && ts.end_port == 0xffff))
    return std::to_string(ts.start_port);
  return fmt::format("{}:{}", ts.start_port, ts.end_port);
}

void push_vips(std::vector<std::string>& env, const char* side,
               const std::vector<IpAddress>& vips) {
  int v4 = 0, v6 = 0;
  for (std::size_t i = 0; i < vips.size(); ++i) {
    const auto& a = vips[i];
    if (i == 0) env.push_back(fmt::format("PLUTO_{}_SOURCEIP={}", side, a.to_string()));
    env.push_back(fmt::format("PLUTO_{}_SOURCEIP{}_{}={}", side, a.is_v4() ? 4 : 6,
                              a.is_v4() ? ++v4 : ++v6, a.to_string()));
  }
}

UpdownCall one_call(const ike::SaEvent& e, bool up, const TrafficSelector& me,
                    const TrafficSelector& other, const std::string& interface,
                    const std::string& path) {
  UpdownCall call;
  auto& env = call.env;
  bool is_host = me.is_host() && me.start == e.local.address;
  bool v6 = is_host ? e.local.address.is_v6() : me.family() == IpAddress::Family::kV6;
  call.verb =
      fmt::format("{}-{}{}", up ? "up" : "down", is_host ? "host" : "client", v6 ? "-v6" : "");
  if (!path.empty()) env.push_back("PATH=" + path);
  env.push_back("PLUTO_VERSION=1.1");
  env.push_back("PLUTO_VERB=" + call.verb);
  env.push_back("PLUTO_CONNECTION=" + e.child);  // charon names the CHILD_SA's config here
  env.push_back("PLUTO_INTERFACE=" + interface);
  env.push_back(fmt::format("PLUTO_REQID={}", e.reqid));
  env.push_back("PLUTO_PROTO=esp");
  env.push_back(fmt::format("PLUTO_UNIQUEID={}", e.ike_id));
  env.push_back(fmt::format("PLUTO_SPI_IN={:08x}", e.spi_in));
  env.push_back(fmt::format("PLUTO_SPI_OUT={:08x}", e.spi_out));
  env.push_back("PLUTO_ME=" + e.local.address.to_string());
  env.push_back("PLUTO_MY_ID=" + e.local_id);
  env.push_back("PLUTO_MY_CLIENT=" + updown_subnet(me));
  env.push_back("PLUTO_MY_PORT=" + port_of(me, other, true));
  env.push_back(fmt::format("PLUTO_MY_PROTOCOL={}", me.ip_protocol));
  env.push_back("PLUTO_PEER=" + e.remote.address.to_string());
  env.push_back("PLUTO_PEER_ID=" + e.remote_id);
  env.push_back("PLUTO_PEER_CLIENT=" + updown_subnet(other));
  env.push_back("PLUTO_PEER_PORT=" + port_of(me, other, false));
  env.push_back(fmt::format("PLUTO_PEER_PROTOCOL={}", other.ip_protocol));
  const auto& user = e.xauth_user.empty() ? e.eap_user : e.xauth_user;
  if (!user.empty()) {
    env.push_back("PLUTO_XAUTH_ID=" + user);
    env.push_back("PLUTO_USERNAME=" + user);  // pluto's older name, for old scripts
  }
  push_vips(env, "MY", e.local_vips);
  push_vips(env, "PEER", e.remote_vips);
  if (e.mark_in) env.push_back(fmt::format("PLUTO_MARK_IN={}/0x{:08x}", e.mark_in, 0xffffffffu));
  if (e.mark_out) env.push_back(fmt::format("PLUTO_MARK_OUT={}/0x{:08x}", e.mark_out, 0xffffffffu));
  if (e.if_id_in) env.push_back(fmt::format("PLUTO_IF_ID_IN={}", e.if_id_in));
  if (e.if_id_out) env.push_back(fmt::format("PLUTO_IF_ID_OUT={}", e.if_id_out));
  if (e.udp_encap) env.push_back(fmt::format("PLUTO_UDP_ENC={}", e.remote.port));
  int dns4 = 0, dns6 = 0;
  for (const auto& d : e.dns) {
    env.push_back(fmt::format("PLUTO_DNS{}_{}={}", d.is_v4() ? 4 : 6, d.is_v4() ? ++dns4 : ++dns6,
                              d.to_string()));
  }
  if (e.hostaccess) env.push_back("PLUTO_HOST_ACCESS=1");
  return call;
}

}  // namespace

std::string updown_subnet(const TrafficSelector& ts) {
  unsigned len = ts.start.max_prefix();
  while (len > 0 && ts.start.masked(len) != ts.end.masked(len))
    --len;
  return fmt::format("{}/{}", ts.start.masked(len).to_string(), len);
}

std::vector<UpdownCall> updown_calls(const ike::SaEvent& e, const std::string& interface,
                                     const std::string& path) {
  std::vector<UpdownCall> calls;
  bool up = e.kind == ike::SaEventKind::kChildUp;
  if (!up && e.kind != ike::SaEventKind::kChildDown) return calls;
  for (const auto& me : e.local_ts) {
    for (const auto& other : e.remote_ts) {
      if (me.family() != other.family()) continue;  // no policy pairs across families
      calls.push_back(one_call(e, up, me, other, interface, path));
    }
  }
  return calls;
}

}  // namespace oakley::daemon
