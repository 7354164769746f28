// An IKEv2 payload: one of the typed payload bodies plus the critical flag of its generic header
// (RFC 7296 3.2). The payload type is implied by the body (IdPayload/TsPayload by their side).
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/auth.hpp"
#include "wire/ikev2/cert.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/ikev2/cp.hpp"
#include "wire/ikev2/delete.hpp"
#include "wire/ikev2/eap.hpp"
#include "wire/ikev2/encrypted.hpp"
#include "wire/ikev2/id.hpp"
#include "wire/ikev2/ke_nonce.hpp"
#include "wire/ikev2/notify.hpp"
#include "wire/ikev2/sa.hpp"
#include "wire/ikev2/ts.hpp"
#include "wire/ikev2/vendor.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

// A payload type this implementation does not know (kept so it can be logged or, when critical,
// answered with UNSUPPORTED_CRITICAL_PAYLOAD).
struct UnknownPayload {
  std::uint8_t type = 0;
  Bytes body{};
  bool operator==(const UnknownPayload&) const = default;
};

using PayloadBody =
    std::variant<SaPayload, KePayload, IdPayload, CertPayload, CertreqPayload, AuthPayload,
                 NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload, TsPayload, SkPayload,
                 SkfPayload, CpPayload, EapPayload, UnknownPayload>;

struct Payload {
  PayloadBody body{};
  bool critical = false;  // as received; sent as given (RFC 7296 senders leave it 0)

  PayloadType type() const;
  template <typename T>
  const T* get() const {
    return std::get_if<T>(&body);
  }
  template <typename T>
  T* get() {
    return std::get_if<T>(&body);
  }
  bool operator==(const Payload&) const = default;
};

// The payload type a body is sent as.
PayloadType payload_type(const PayloadBody& body);

// Parses one payload body of a known type; unknown types give an UnknownPayload. `next` is the
// generic header's next-payload field (the first inner type for SK/SKF). Errors name no payload:
// the chain parser adds which one.
Result<PayloadBody> parse_payload_body(std::uint8_t type, PayloadType next, ByteView body);
// The body bytes (without the generic header).
void encode_payload_body(Writer& w, const PayloadBody& body);

// Lookup helpers for the exchanges.
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
const IdPayload* find_id(const std::vector<Payload>& payloads, Side side);
const TsPayload* find_ts(const std::vector<Payload>& payloads, Side side);
// The first error notify (type < 16384), if any.
const NotifyPayload* find_error_notify(const std::vector<Payload>& payloads);
// The type of the first unknown payload with the critical bit set: the state machine answers
// UNSUPPORTED_CRITICAL_PAYLOAD with this one byte as notification data (RFC 7296 2.5).
std::optional<std::uint8_t> unsupported_critical_payload(const std::vector<Payload>& payloads);

}  // namespace oakley::wire::ikev2
