// IKEv2 messages: header + payload chain, parsed from and encoded to bytes.
//
// Errors: every malformed input yields an Error whose message names the payload (index, short
// name, offset) and the reason, and whose code is the notify the state machine should answer
// with: INVALID_SYNTAX (7) for any structural fault, INVALID_MAJOR_VERSION (5) for a major
// version other than 2. An unknown payload type is not an error: it is kept as UnknownPayload
// (see unsupported_critical_payload() in payload.hpp for the critical case).
//
// Encryption is the caller's: a received message whose last payload is SK (or SKF) comes back with
// that payload's raw body; after decrypting, parse the plaintext (padding and pad length removed)
// with parse_payload_chain(sk.inner_next_payload, plaintext). To send one, encode the inner
// payloads with encode_payload_chain(), encrypt, put IV || ciphertext || ICV (ICV zeroed) into an
// SkPayload{first_type, body}, encode() the message, then use encrypted_body_offset() to find the
// body: everything before it is the AEAD associated data (RFC 5282 5.1; for SKF the fragment
// fields are included, RFC 7383 2.5), and the ICV is computed over everything before the ICV.
#pragma once

#include <cstddef>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/header.hpp"
#include "wire/ikev2/payload.hpp"

namespace oakley::wire::ikev2 {

struct Message {
  Header header{};
  std::vector<Payload> payloads{};
  bool operator==(const Message&) const = default;
};

// The whole datagram (non-ESP marker removed). The header length must equal the datagram size,
// payloads must fill it exactly, and SK/SKF can only be the last payload.
Result<Message> parse_message(ByteView datagram);

// A payload chain that is not inside a message: the decrypted content of SK (or of reassembled
// SKF fragments). `data` must hold exactly the chain; SK/SKF inside it are an error. Offsets in
// error messages are relative to `data`.
Result<std::vector<Payload>> parse_payload_chain(PayloadType first, ByteView data);

// Encodes the message; header.next_payload and header.length are computed, every other header
// field is written as given. Fails when a length or count does not fit its field, or when SK/SKF
// is not the last payload.
Result<Bytes> encode(const Message& m);

struct EncodedChain {
  PayloadType first_type = PayloadType::kNone;
  Bytes bytes{};
};
// The payloads as a chain without a header: the plaintext of an SK payload.
Result<EncodedChain> encode_payload_chain(const std::vector<Payload>& payloads);

// Where the SK/SKF body (IV || ciphertext || ICV) starts in an encoded or received message: the
// bytes before it are the IKE header, any unencrypted payloads and the SK header (+ fragment
// fields). Error when the message holds no SK/SKF payload.
Result<std::size_t> encrypted_body_offset(ByteView message);

}  // namespace oakley::wire::ikev2
