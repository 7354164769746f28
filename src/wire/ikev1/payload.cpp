#include "wire/ikev1/payload.hpp"

#include <fmt/format.h>

#include "wire/ikev1/errors.hpp"
#include "wire/payload_helpers.hpp"

namespace oakley::wire::ikev1 {

namespace {

template <typename T>
Result<PayloadBody> lift(Result<T> r) {
  return wire::lift<PayloadBody>(std::move(r));
}

}  // namespace

PayloadType payload_type(const PayloadBody& body) {
  return std::visit(Overloaded{
                        [](const SaPayload&) { return PayloadType::kSa; },
                        [](const KePayload&) { return PayloadType::kKe; },
                        [](const IdPayload&) { return PayloadType::kId; },
                        [](const CertPayload&) { return PayloadType::kCert; },
                        [](const CertreqPayload&) { return PayloadType::kCertreq; },
                        [](const HashPayload&) { return PayloadType::kHash; },
                        [](const SigPayload&) { return PayloadType::kSig; },
                        [](const NoncePayload&) { return PayloadType::kNonce; },
                        [](const NotifyPayload&) { return PayloadType::kNotification; },
                        [](const DeletePayload&) { return PayloadType::kDelete; },
                        [](const VendorIdPayload&) { return PayloadType::kVendorId; },
                        [](const AttributePayload&) { return PayloadType::kAttribute; },
                        [](const NatDPayload& p) {
                          return p.draft ? PayloadType::kNatDDraft : PayloadType::kNatD;
                        },
                        [](const NatOaPayload& p) {
                          return p.draft ? PayloadType::kNatOaDraft : PayloadType::kNatOa;
                        },
                        [](const FragmentPayload&) { return PayloadType::kFragment; },
                        [](const UnknownPayload& u) { return PayloadType{u.type}; },
                    },
                    body);
}

PayloadType Payload::type() const {
  return payload_type(body);
}

Result<PayloadBody> parse_payload_body(std::uint8_t type, ByteView body) {
  switch (PayloadType{type}) {
    case PayloadType::kSa:
      return lift(parse_sa(body));
    case PayloadType::kProposal:
    case PayloadType::kTransform:
      return make_error("Proposal/Transform outside an SA payload",
                        error_code(NotifyType::kInvalidPayloadType));
    case PayloadType::kKe:
      return lift(parse_ke(body));
    case PayloadType::kId:
      return lift(parse_id(body));
    case PayloadType::kCert:
      return lift(parse_cert(body));
    case PayloadType::kCertreq:
      return lift(parse_certreq(body));
    case PayloadType::kHash:
      return lift(parse_hash(body));
    case PayloadType::kSig:
      return lift(parse_sig(body));
    case PayloadType::kNonce:
      return lift(parse_nonce(body));
    case PayloadType::kNotification:
      return lift(parse_notify(body));
    case PayloadType::kDelete:
      return lift(parse_delete(body));
    case PayloadType::kVendorId:
      return lift(parse_vendor_id(body));
    case PayloadType::kAttribute:
      return lift(parse_attribute_payload(body));
    case PayloadType::kNatD:
    case PayloadType::kNatDDraft:
      return lift(parse_nat_d(body, PayloadType{type} == PayloadType::kNatDDraft));
    case PayloadType::kNatOa:
    case PayloadType::kNatOaDraft:
      return lift(parse_nat_oa(body, PayloadType{type} == PayloadType::kNatOaDraft));
    case PayloadType::kFragment:
      return lift(parse_fragment(body));
    default:
      return PayloadBody{UnknownPayload{type, Bytes(body.begin(), body.end())}};
  }
}

void encode_payload_body(Writer& w, const PayloadBody& body) {
  std::visit(Overloaded{
                 [&](const SaPayload& p) { encode_sa(w, p); },
                 [&](const KePayload& p) { w.bytes(p.data); },
                 [&](const IdPayload& p) { encode_id(w, p); },
                 [&](const CertPayload& p) { encode_cert(w, p); },
                 [&](const CertreqPayload& p) { encode_certreq(w, p); },
                 [&](const HashPayload& p) { w.bytes(p.data); },
                 [&](const SigPayload& p) { w.bytes(p.data); },
                 [&](const NoncePayload& p) { w.bytes(p.data); },
                 [&](const NotifyPayload& p) { encode_notify(w, p); },
                 [&](const DeletePayload& p) { encode_delete(w, p); },
                 [&](const VendorIdPayload& p) { w.bytes(p.data); },
                 [&](const AttributePayload& p) { encode_attribute_payload(w, p); },
                 [&](const NatDPayload& p) { w.bytes(p.hash); },
                 [&](const NatOaPayload& p) { encode_nat_oa(w, p); },
                 [&](const FragmentPayload& p) { encode_fragment(w, p); },
                 [&](const UnknownPayload& p) { w.bytes(p.body); },
             },
             body);
}

Bytes encode_body(const PayloadBody& body) {
  Writer w;
  encode_payload_body(w, body);
  return w.take();
}

const NotifyPayload* find_notify(const std::vector<Payload>& payloads, NotifyType type) {
  return find_first<NotifyPayload>(payloads,
                                   [&](const NotifyPayload& n) { return n.type == type; });
}

}  // namespace oakley::wire::ikev1
