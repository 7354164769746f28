// An IKEv1 payload: one of the typed payload bodies, plus what parsing saw on the wire. IKEv1
// hashes cover raw payload bodies (SAi_b, IDii_b, Ni_b, RFC 2409 5) and, in Quick Mode and
// Informational exchanges, everything after the HASH payload (5.5), so a parsed payload keeps its
// body bytes as received and where it sat in the parsed buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/cert.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/ikev1/delete.hpp"
#include "wire/ikev1/fragment.hpp"
#include "wire/ikev1/id.hpp"
#include "wire/ikev1/mode_config.hpp"
#include "wire/ikev1/nat_oa.hpp"
#include "wire/ikev1/notify.hpp"
#include "wire/ikev1/opaque.hpp"
#include "wire/ikev1/sa.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

// A payload type this implementation does not know (e.g. GDOI payloads, or the NAT-D number 15
// of early NAT-T drafts). IKEv1 has no critical bit: the exchange decides whether to answer
// INVALID-PAYLOAD-TYPE (1).
struct UnknownPayload {
  std::uint8_t type = 0;
  Bytes body{};
  bool operator==(const UnknownPayload&) const = default;
};

using PayloadBody =
    std::variant<SaPayload, KePayload, IdPayload, CertPayload, CertreqPayload, HashPayload,
                 SigPayload, NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload,
                 AttributePayload, NatDPayload, NatOaPayload, FragmentPayload, UnknownPayload>;

struct Payload {
  PayloadBody body{};
  // Set by parsing, ignored by encoding:
  Bytes raw_body{};        // the body as received (without the generic header)
  std::size_t offset = 0;  // where the generic header starts in the parsed buffer
  std::size_t length = 0;  // generic header + body

  PayloadType type() const;
  template <typename T>
  const T* get() const {
    return std::get_if<T>(&body);
  }
  template <typename T>
  T* get() {
    return std::get_if<T>(&body);
  }
};

PayloadType payload_type(const PayloadBody& body);

// Parses one payload body; unknown types give an UnknownPayload. Proposal and Transform outside
// an SA are INVALID-PAYLOAD-TYPE (1).
Result<PayloadBody> parse_payload_body(std::uint8_t type, ByteView body);
void encode_payload_body(Writer& w, const PayloadBody& body);
// The body bytes of a payload as this implementation sends it: SAi_b / IDii_b / Ni_b of our own
// payloads (for received ones use Payload::raw_body).
Bytes encode_body(const PayloadBody& body);

template <typename T>
const T* find(const std::vector<Payload>& payloads) {
  for (const auto& p : payloads) {
    if (const T* t = p.get<T>()) return t;
  }
  return nullptr;
}
template <typename T>
std::vector<const T*> find_all(const std::vector<Payload>& payloads) {
  std::vector<const T*> out;
  for (const auto& p : payloads) {
    if (const T* t = p.get<T>()) out.push_back(t);
  }
  return out;
}
const NotifyPayload* find_notify(const std::vector<Payload>& payloads, NotifyType type);

}  // namespace oakley::wire::ikev1
