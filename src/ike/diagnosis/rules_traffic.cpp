// What the CHILD_SAs' counters say: ESP that goes out but never comes back ("the ISP blocks
// ESP"), traffic that arrives but gets no answer from this side, packets the data plane dropped
// for their size or their integrity, and where a NAT sits.
#include <fmt/format.h>

#include "ike/diagnosis/rules.hpp"
#include "ike/diagnosis/rules_text.hpp"

namespace oakley::ike::diagnosis {

using detail::duration_text;

namespace {

std::string selectors(const std::vector<std::string>& ts) {
  std::string out;
  for (const auto& s : ts)
    out += (out.empty() ? "" : " ") + s;
  return out.empty() ? "(none)" : out;
}

std::string counters_line(const ChildSaInfo& c, const ChildCounters& k) {
  // A counter seen moving just now (or at the first look) has no silence worth a word.
  auto quiet = [](const std::optional<std::int64_t>& s) {
    return s && *s > 0 ? fmt::format(", unchanged for {}", duration_text(*s)) : std::string();
  };
  return fmt::format("CHILD_SA {} #{}: in {} packets{} (SPI {:08x}), out {} packets{} (SPI {:08x})",
                     c.name, c.id, c.packets_in, quiet(k.in_quiet_seconds), c.spi_in, c.packets_out,
                     quiet(k.out_quiet_seconds), c.spi_out);
}

void ike_alive(const Inputs& in, std::vector<std::string>& evidence) {
  if (!in.evidence || !in.evidence->received) return;
  evidence.push_back(fmt::format("IKE works: the last message from the peer came {}",
                                 detail::ago(in.now, in.evidence->received->at)));
}

// Packets go out, nothing comes in: one direction of ESP is lost.
void inbound_silent(const Inputs& in, const ChildSaInfo& c, const ChildCounters& k,
                    std::vector<Finding>& out) {
  if (c.packets_out == 0 || !k.in_quiet_seconds || *k.in_quiet_seconds < in.quiet_seconds) return;
  // We kept sending for a while after the last inbound packet (traffic that merely ended has
  // its last packets both ways close together).
  if (!k.out_quiet_seconds || *k.out_quiet_seconds + in.quiet_seconds > *k.in_quiet_seconds) return;
  Finding f;
  f.severity = Severity::kError;
  f.code = "esp-no-inbound";
  f.text = fmt::format(
      "CHILD_SA {} sends ESP but receives none for {}: the peer does not get our ESP, or its "
      "ESP does not reach us",
      c.name, duration_text(*k.in_quiet_seconds));
  f.evidence.push_back(counters_line(c, k));
  f.evidence.push_back(c.udp_encap ? "ESP travels in UDP 4500 (NAT-T)"
                                   : "ESP travels as IP protocol 50 (no UDP encapsulation)");
  ike_alive(in, f.evidence);
  f.fix = c.udp_encap
              ? "check that UDP 4500 passes both ways for ESP too; on the peer, `oakctl "
                "diagnose`/`list-sas` shows whether its packets in grow (ours arrive) and whether "
                "it sends any back (its routes and policy)"
              : "a firewall or the ISP may drop ESP (IP protocol 50): set encap = yes on both "
                "sides to carry ESP in UDP 4500; on the peer, `oakctl list-sas` shows whether "
                "our packets arrive (its packets in grow) and whether it answers";
  out.push_back(std::move(f));
}

// Packets come in, nothing goes out: this side sends nothing into the tunnel.
void outbound_silent(const Inputs& in, const ChildSaInfo& c, const ChildCounters& k,
                     std::vector<Finding>& out) {
  if (c.packets_in == 0 || !k.out_quiet_seconds || *k.out_quiet_seconds < in.quiet_seconds) return;
  if (!k.in_quiet_seconds || *k.in_quiet_seconds + in.quiet_seconds > *k.out_quiet_seconds) return;
  Finding f;
  f.severity = Severity::kWarning;
  f.code = "esp-no-outbound";
  f.text = fmt::format(
      "CHILD_SA {} receives ESP but sends none for {}: no traffic from this side matches its "
      "policy",
      c.name, duration_text(*k.out_quiet_seconds));
  f.evidence.push_back(counters_line(c, k));
  f.evidence.push_back(fmt::format("policy: local_ts {} === remote_ts {}", selectors(c.local_ts),
                                   selectors(c.remote_ts)));
  f.fix = fmt::format(
      "check that traffic to {} is routed into the tunnel here (ip route get ADDRESS) and that "
      "the hosts behind this side answer from addresses in {}",
      selectors(c.remote_ts), selectors(c.local_ts));
  out.push_back(std::move(f));
}

void drops(const ChildSaInfo& c, const ChildCounters& k, std::vector<Finding>& out) {
  if (k.too_big || k.send_errors) {
    Finding f;
    f.severity = Severity::kWarning;
    f.code = "mtu";
    f.text = fmt::format("CHILD_SA {} drops packets that do not fit: an MTU problem", c.name);
    if (k.too_big)
      f.evidence.push_back(fmt::format("{} packet(s) too big for the ESP overhead", k.too_big));
    if (k.send_errors)
      f.evidence.push_back(
          fmt::format("{} ESP packet(s) the network refused to send (e.g. "
                      "EMSGSIZE: larger than the path MTU)",
                      k.send_errors));
    f.fix =
        "lower the tunnel MTU (oakley { tun_mtu }), or clamp TCP MSS on the hosts; check the "
        "path MTU between the gateways";
    out.push_back(std::move(f));
  }
  if (k.auth_failed) {
    Finding f;
    f.severity = Severity::kWarning;
    f.code = "esp-integrity";
    f.text = fmt::format("{} inbound ESP packet(s) of CHILD_SA {} failed the integrity check",
                         k.auth_failed, c.name);
    f.fix =
        "packets are corrupted on the path, or the peer still uses keys of an SA we replaced; "
        "if it persists, rekey (oakctl rekey) and look at the peer's counters";
    out.push_back(std::move(f));
  }
}

void nat(const Inputs& in, const IkeSaInfo& sa, std::vector<Finding>& out) {
  bool forced = in.connection && in.connection->encap;
  if (!sa.nat_local && !sa.nat_remote) return;
  Finding f;
  f.severity = Severity::kInfo;
  f.code = "nat";
  if (sa.nat_local) {
    f.text = "NAT detected: this host is behind a NAT (its address is translated on the path)";
  } else if (forced) {
    f.text = "UDP encapsulation forced by encap = yes (NAT detection faked)";
  } else {
    f.text = "NAT detected: the peer is behind a NAT";
  }
  if (sa.nat_local && sa.nat_remote) f.text += "; the peer is behind a NAT too";
  f.evidence.push_back(
      fmt::format("IKE SA #{}: {} - {}, IKE and ESP use UDP 4500", sa.id, sa.local, sa.remote));
  out.push_back(std::move(f));
}

}  // namespace

void traffic_findings(const Inputs& in, std::vector<Finding>& out) {
  static const ChildCounters kNone;
  for (const auto& sa : in.sas) {
    nat(in, sa, out);
    if (!detail::established(sa)) continue;
    for (const auto& c : sa.children) {
      if (c.state != "INSTALLED") continue;
      auto it = in.counters.find(c.id);
      const ChildCounters& k = it == in.counters.end() ? kNone : it->second;
      inbound_silent(in, c, k, out);
      outbound_silent(in, c, k, out);
      drops(c, k, out);
    }
  }
}

}  // namespace oakley::ike::diagnosis
