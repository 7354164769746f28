#include "dataplane/tun/inbound_filter.hpp"

#include <fmt/format.h>
#include <nftables/libnftables.h>

#include "common/log.hpp"

namespace oakley::dataplane::tun {
namespace {

std::string range_text(const IpAddress& start, const IpAddress& end) {
  TrafficSelector ts{start, end};
  if (auto len = ts.prefix_len()) return fmt::format("{}/{}", start.to_string(), *len);
  return fmt::format("{}-{}", start.to_string(), end.to_string());
}

bool has_ports(std::uint8_t protocol) {
  // TCP, UDP, DCCP, SCTP, UDP-Lite: the first four bytes of the transport header are the ports.
  return protocol == 6 || protocol == 17 || protocol == 33 || protocol == 132 || protocol == 136;
}

std::string port_match(const char* field, std::uint16_t lo, std::uint16_t hi) {
  if (lo == 0 && hi == 0xffff) return {};
  if (lo == hi) return fmt::format(" th {} {}", field, lo);
  return fmt::format(" th {} {}-{}", field, lo, hi);
}

}  // namespace

std::string inbound_filter_table(const std::string& device) {
  std::string name = "oakley_";
  for (char c : device) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name += ok ? c : '_';
  }
  return name;
}

// Inbound, the packet comes from the remote selector and goes to the local one. Protocol and
// ports narrow the match as they narrow the kernel's policy.
std::string inbound_filter_rule(const PolicyConfig& p) {
  const char* family = p.remote_ts.family() == IpAddress::Family::kV4 ? "ip" : "ip6";
  std::string rule =
      fmt::format("{} saddr {} {} daddr {}", family, range_text(p.remote_ts.start, p.remote_ts.end),
                  family, range_text(p.local_ts.start, p.local_ts.end));
  const std::uint8_t proto =
      p.remote_ts.ip_protocol ? p.remote_ts.ip_protocol : p.local_ts.ip_protocol;
  if (proto != 0) {
    rule += fmt::format(" meta l4proto {}", proto);
    if (has_ports(proto)) {
      rule += port_match("sport", p.remote_ts.start_port, p.remote_ts.end_port);
      rule += port_match("dport", p.local_ts.start_port, p.local_ts.end_port);
    }
  }
  rule += p.action == PolicyAction::kPass ? " accept" : " counter drop";
  return rule;
}

std::string inbound_filter_script(const InboundFilterSpec& spec,
                                  const std::vector<PolicyConfig>& policies) {
  const std::string table = inbound_filter_table(spec.device);
  std::string ports;
  for (auto port : spec.ike_ports)
    ports += (ports.empty() ? "" : ", ") + std::to_string(port);
  // "table; delete table; table { ... }": one transaction that replaces whatever was there.
  std::string s = fmt::format("table inet {0}\ndelete table inet {0}\ntable inet {0} {{\n", table);
  s += "  chain inbound {\n";
  s += "    type filter hook prerouting priority -150; policy accept;\n";
  s += fmt::format("    iifname \"{}\" accept\n", spec.device);
  s += "    meta l4proto esp fib daddr type local accept\n";
  if (!ports.empty())
    s += fmt::format("    udp dport {{ {} }} fib daddr type local accept\n", ports);
  s += "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, "
       "nd-router-advert, nd-redirect } accept\n";
  // Pass policies first, as the data plane orders them before protect and trap.
  for (const auto& p : policies)
    if (p.action == PolicyAction::kPass) s += "    " + inbound_filter_rule(p) + "\n";
  for (const auto& p : policies)
    if (p.action != PolicyAction::kPass) s += "    " + inbound_filter_rule(p) + "\n";
  s += "  }\n}\n";
  return s;
}

InboundFilter::InboundFilter(InboundFilterSpec spec, nft_ctx* ctx)
    : spec_(std::move(spec)), table_(inbound_filter_table(spec_.device)), ctx_(ctx) {}

Result<std::unique_ptr<InboundFilter>> InboundFilter::create(InboundFilterSpec spec) {
  nft_ctx* ctx = ::nft_ctx_new(NFT_CTX_DEFAULT);
  if (ctx == nullptr) return make_error("nftables: cannot create a libnftables context");
  ::nft_ctx_buffer_output(ctx);
  ::nft_ctx_buffer_error(ctx);
  std::unique_ptr<InboundFilter> f(new InboundFilter(std::move(spec), ctx));
  if (auto st = f->sync({}); !st) return st.take_error();
  return f;
}

InboundFilter::~InboundFilter() {
  if (auto st = run(fmt::format("delete table inet {}\n", table_)); !st)
    log::warn("dataplane", "{}", st.error().message);
  ::nft_ctx_free(ctx_);
}

Status InboundFilter::sync(const std::vector<PolicyConfig>& policies) {
  return run(inbound_filter_script(spec_, policies));
}

Status InboundFilter::run(const std::string& script) {
  const int rc = ::nft_run_cmd_from_buffer(ctx_, script.c_str());
  std::string error = ::nft_ctx_get_error_buffer(ctx_);
  ::nft_ctx_get_output_buffer(ctx_);  // empties it
  if (rc == 0) return {};
  while (!error.empty() && error.back() == '\n')
    error.pop_back();
  return make_error(fmt::format("nftables table inet {}: {}", table_, error));
}

}  // namespace oakley::dataplane::tun
