#include "wire/ikev2/payload.hpp"

#include "wire/payload_helpers.hpp"

namespace oakley::wire::ikev2 {

namespace {

template <typename T>
Result<PayloadBody> lift(Result<T> r) {
  return wire::lift<PayloadBody>(std::move(r));
}

}  // namespace

PayloadType payload_type(const PayloadBody& body) {
  return std::visit(
      Overloaded{
          [](const SaPayload&) { return PayloadType::kSa; },
          [](const KePayload&) { return PayloadType::kKe; },
          [](const IdPayload& id) {
            return id.side == Side::kInitiator ? PayloadType::kIdi : PayloadType::kIdr;
          },
          [](const CertPayload&) { return PayloadType::kCert; },
          [](const CertreqPayload&) { return PayloadType::kCertreq; },
          [](const AuthPayload&) { return PayloadType::kAuth; },
          [](const NoncePayload&) { return PayloadType::kNonce; },
          [](const NotifyPayload&) { return PayloadType::kNotify; },
          [](const DeletePayload&) { return PayloadType::kDelete; },
          [](const VendorIdPayload&) { return PayloadType::kVendorId; },
          [](const TsPayload& ts) {
            return ts.side == Side::kInitiator ? PayloadType::kTsi : PayloadType::kTsr;
          },
          [](const SkPayload&) { return PayloadType::kSk; },
          [](const SkfPayload&) { return PayloadType::kSkf; },
          [](const CpPayload&) { return PayloadType::kCp; },
          [](const EapPayload&) { return PayloadType::kEap; },
          [](const UnknownPayload& u) { return PayloadType{u.type}; },
      },
      body);
}

PayloadType Payload::type() const {
  return payload_type(body);
}

Result<PayloadBody> parse_payload_body(std::uint8_t type, PayloadType next, ByteView body) {
  switch (PayloadType{type}) {
    case PayloadType::kSa:
      return lift(parse_sa(body));
    case PayloadType::kKe:
      return lift(parse_ke(body));
    case PayloadType::kIdi:
      return lift(parse_id(Side::kInitiator, body));
    case PayloadType::kIdr:
      return lift(parse_id(Side::kResponder, body));
    case PayloadType::kCert:
      return lift(parse_cert(body));
    case PayloadType::kCertreq:
      return lift(parse_certreq(body));
    case PayloadType::kAuth:
      return lift(parse_auth(body));
    case PayloadType::kNonce:
      return lift(parse_nonce(body));
    case PayloadType::kNotify:
      return lift(parse_notify(body));
    case PayloadType::kDelete:
      return lift(parse_delete(body));
    case PayloadType::kVendorId:
      return lift(parse_vendor_id(body));
    case PayloadType::kTsi:
      return lift(parse_ts(Side::kInitiator, body));
    case PayloadType::kTsr:
      return lift(parse_ts(Side::kResponder, body));
    case PayloadType::kSk:
      return lift(parse_sk(next, body));
    case PayloadType::kSkf:
      return lift(parse_skf(next, body));
    case PayloadType::kCp:
      return lift(parse_cp(body));
    case PayloadType::kEap:
      return lift(parse_eap(body));
    default:
      return PayloadBody{UnknownPayload{type, Bytes(body.begin(), body.end())}};
  }
}

void encode_payload_body(Writer& w, const PayloadBody& body) {
  std::visit(Overloaded{
                 [&](const SaPayload& p) { encode_sa(w, p); },
                 [&](const KePayload& p) { encode_ke(w, p); },
                 [&](const IdPayload& p) { encode_id(w, p); },
                 [&](const CertPayload& p) { encode_cert(w, p); },
                 [&](const CertreqPayload& p) { encode_certreq(w, p); },
                 [&](const AuthPayload& p) { encode_auth(w, p); },
                 [&](const NoncePayload& p) { encode_nonce(w, p); },
                 [&](const NotifyPayload& p) { encode_notify(w, p); },
                 [&](const DeletePayload& p) { encode_delete(w, p); },
                 [&](const VendorIdPayload& p) { encode_vendor_id(w, p); },
                 [&](const TsPayload& p) { encode_ts(w, p); },
                 [&](const SkPayload& p) { encode_sk(w, p); },
                 [&](const SkfPayload& p) { encode_skf(w, p); },
                 [&](const CpPayload& p) { encode_cp(w, p); },
                 [&](const EapPayload& p) { encode_eap(w, p); },
                 [&](const UnknownPayload& p) { w.bytes(p.body); },
             },
             body);
}

const NotifyPayload* find_notify(const std::vector<Payload>& payloads, NotifyType type) {
  return find_first<NotifyPayload>(payloads,
                                   [&](const NotifyPayload& n) { return n.type == type; });
}

const IdPayload* find_id(const std::vector<Payload>& payloads, Side side) {
  return find_first<IdPayload>(payloads, [&](const IdPayload& id) { return id.side == side; });
}

const TsPayload* find_ts(const std::vector<Payload>& payloads, Side side) {
  return find_first<TsPayload>(payloads, [&](const TsPayload& ts) { return ts.side == side; });
}

const NotifyPayload* find_error_notify(const std::vector<Payload>& payloads) {
  return find_first<NotifyPayload>(payloads, [](const NotifyPayload& n) { return n.is_error(); });
}

std::optional<std::uint8_t> unsupported_critical_payload(const std::vector<Payload>& payloads) {
  for (const auto& p : payloads) {
    const auto* u = p.get<UnknownPayload>();
    if (u && p.critical) return u->type;
  }
  return std::nullopt;
}

}  // namespace oakley::wire::ikev2
