#include "ikev1/exchanges/vendor_ids.hpp"

#include "ikev1/exchange_context.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/vendor_ids.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;

namespace {

w::Payload vid(const w::VendorId& v) {
  return w::Payload{w::VendorIdPayload{Bytes(v.bytes.begin(), v.bytes.end())}};
}

bool uses_xauth(const config::Connection& conn) {
  for (const auto* rounds : {&conn.local, &conn.remote}) {
    for (const auto& r : *rounds) {
      if (r.auth == config::AuthClass::kXauth) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<w::Payload> our_vendor_ids(const ExchangeContext& ctx, const config::Connection& conn) {
  std::vector<w::Payload> out;
  if (uses_xauth(conn)) out.push_back(vid(w::kVidXauth));
  out.push_back(vid(w::kVidDpd));
  if (conn.fragmentation != config::Fragmentation::kNo) {
    // We reassemble fragments (see fragments.hpp); the flags word is what Cisco and strongSwan
    // append.
    w::Payload f = vid(w::kVidFragmentation);
    append(f.get<w::VendorIdPayload>()->data, Bytes{0x80, 0x00, 0x00, 0x00});
    out.push_back(std::move(f));
  }
  out.push_back(vid(w::kVidRfc3947));
  if (ctx.options().send_unity_vid) out.push_back(vid(w::kVidCiscoUnity));
  return out;
}

void read_vendor_ids(IsakmpSa& sa, const std::vector<w::Payload>& payloads) {
  bool draft = false;
  for (const auto* v : w::find_all<w::VendorIdPayload>(payloads)) {
    const auto& b = v->data;
    if (w::is_vendor_id(b, w::kVidRfc3947)) {
      sa.peer.nat_t = true;
    } else if (w::is_vendor_id(b, w::kVidNatTDraft02) || w::is_vendor_id(b, w::kVidNatTDraft02Nl) ||
               w::is_vendor_id(b, w::kVidNatTDraft03) || w::is_vendor_id(b, w::kVidNatTDraft07)) {
      draft = true;
    } else if (w::is_vendor_id(b, w::kVidDpd)) {
      sa.peer.dpd = true;
    } else if (w::is_vendor_id(b, w::kVidXauth)) {
      sa.peer.xauth = true;
    } else if (w::is_vendor_id(b, w::kVidCiscoUnity)) {
      sa.peer.unity = true;
    } else if (w::is_vendor_id(b, w::kVidFragmentation)) {
      sa.peer.fragmentation = true;
    } else {
      sa_log(sa, log::Level::kDebug, "received unknown vendor ID: {}", to_hex(b));
      continue;
    }
    sa_log(sa, log::Level::kDebug, "received {} vendor ID", w::vendor_id_name(b));
  }
  sa.peer.nat_t_draft_only = draft && !sa.peer.nat_t;
  if (sa.peer.nat_t_draft_only) {
    sa_log(sa, log::Level::kInfo,
           "peer supports only pre-RFC NAT-T drafts; NAT traversal needs RFC 3947, so it is off");
  }
}

}  // namespace oakley::ikev1
