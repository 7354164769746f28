// ISAKMP / IKEv1 messages: header + payload chain (or encrypted body), parsed and encoded.
//
// Errors carry the ISAKMP notify to answer with in Error::code: PAYLOAD-MALFORMED (16) for
// structural faults of the chain and of most payloads, INVALID-MAJOR-VERSION (5), UNEQUAL-PAYLOAD-
// LENGTHS (30) when the datagram is shorter than the header length, INVALID-PAYLOAD-TYPE (1) for
// a Proposal/Transform outside an SA, and from the SA and ID parsers DOI-NOT-SUPPORTED (2),
// SITUATION-NOT-SUPPORTED (3), BAD-PROPOSAL-SYNTAX (15), INVALID-ID-INFORMATION (18). Messages
// name the payload (index, short name, offset) and the reason.
//
// Lengths: the datagram may be longer than the header length (peers pad; the excess is ignored)
// but not shorter. A chain ends at next payload 0; bytes after it are ignored, which is what
// decrypted messages need (RFC 2409 5.3: padding follows the last payload).
//
// Encryption (the E flag) is the caller's: parse_message() returns the ciphertext after the
// header in encrypted_body; after decrypting, call parse_payload_chain(header.next_payload,
// plaintext). To send, encode_payload_chain() the plaintext payloads, pad and encrypt them, and
// encode a Message with the E flag, header.next_payload = the chain's first_type and the
// ciphertext in encrypted_body.
#pragma once

#include <cstddef>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/header.hpp"
#include "wire/ikev1/payload.hpp"

namespace oakley::wire::ikev1 {

struct Message {
  Header header{};
  std::vector<Payload> payloads{};  // when the E flag is clear
  Bytes encrypted_body{};           // when the E flag is set: everything after the header
};

// Payload offsets are relative to `datagram` (the first payload starts at 28).
Result<Message> parse_message(ByteView datagram);
// Offsets are relative to `data`; parsing stops at next payload 0 and ignores what follows.
Result<std::vector<Payload>> parse_payload_chain(PayloadType first, ByteView data);

// The bytes of a parsed chain from the end of payloads[index] to the end of the last payload
// (padding excluded): what Quick Mode HASH(1)/HASH(2) and the Informational HASH cover when
// index is the HASH payload. `buffer` is the buffer the payloads were parsed from.
ByteView bytes_after(ByteView buffer, const std::vector<Payload>& payloads, std::size_t index);

// header.length is computed; header.next_payload too unless the E flag is set.
Result<Bytes> encode(const Message& m);

struct EncodedChain {
  PayloadType first_type = PayloadType::kNone;
  Bytes bytes{};
  std::vector<std::size_t> offsets{};  // where each payload's generic header starts

  // Payload `index`'s body, to fill in a HASH computed over the other payloads.
  MutableByteView body(std::size_t index);
  // Everything after payload `index` (see bytes_after).
  ByteView after(std::size_t index) const;
};
Result<EncodedChain> encode_payload_chain(const std::vector<Payload>& payloads);

}  // namespace oakley::wire::ikev1
