#include "ikev1/exchanges/nat_t.hpp"

#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/header.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;

namespace {

Bytes nat_hash(const IsakmpSa& sa, const Endpoint& e) {
  auto i = w::cookie_bytes(sa.icookie);
  auto r = w::cookie_bytes(sa.rcookie);
  Bytes port;
  put_be16(port, e.port);
  return crypto::hash(sa.hash, {i, r, e.address.bytes(), port});
}

}  // namespace

std::vector<w::Payload> nat_d_payloads(const IsakmpSa& sa, const Endpoint& local,
                                       const Endpoint& remote, bool fake) {
  if (!sa.peer.nat_t) return {};
  Bytes source = nat_hash(sa, local);
  if (fake) source = crypto::random_bytes(source.size());
  return {w::Payload{w::NatDPayload{nat_hash(sa, remote), false}},
          w::Payload{w::NatDPayload{std::move(source), false}}};
}

void detect_nat(IsakmpSa& sa, const std::vector<w::Payload>& payloads, const Endpoint& local,
                const Endpoint& remote) {
  if (!sa.peer.nat_t) return;
  auto natds = w::find_all<w::NatDPayload>(payloads);
  if (natds.size() < 2) {
    sa_log(sa, log::Level::kInfo,
           "peer announced RFC 3947 but sent {} NAT-D payload(s), expected at least 2; "
           "assuming no NAT",
           natds.size());
    return;
  }
  // The first hash is of where the peer sent to (us), the others of where it may send from.
  sa.nat_local = natds[0]->hash != nat_hash(sa, local);
  Bytes from = nat_hash(sa, remote);
  bool source_seen = false;
  for (std::size_t i = 1; i < natds.size(); ++i)
    source_seen |= natds[i]->hash == from;
  sa.nat_remote = !source_seen;
  if (sa.connection && sa.connection->encap && !sa.nat_local) {
    // encap = yes: we told the peer we are behind a NAT; act as if we were (float, ESP in UDP,
    // keepalives), as charon does.
    sa.nat_local = true;
    sa_log(sa, log::Level::kDebug, "faking a NAT on our side (encap = yes)");
  }
  if (sa.nat_any()) {
    sa_log(
        sa, log::Level::kInfo, "NAT detected: {}{}", sa.nat_local ? "we are behind a NAT" : "",
        sa.nat_remote ? (sa.nat_local ? ", and so is the peer" : "the peer is behind a NAT") : "");
  }
}

void float_to_nat_t_port(ExchangeContext& ctx, IsakmpSa& sa) {
  if (!sa.nat_any()) return;
  auto port = ctx.config().daemon.port_nat_t;
  if (sa.local.port == port && sa.remote.port == port) return;
  sa.local.port = port;
  sa.remote.port = port;
  sa_log(sa, log::Level::kDebug, "switching to the NAT-T port {}", port);
}

}  // namespace oakley::ikev1
