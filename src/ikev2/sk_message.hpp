// Encrypted IKEv2 messages as they go on the wire: the header and one SK payload, or one SKF
// fragment (RFC 7383 2.5), sealed with an IKE SA's keys around inner payload bytes that are already
// encoded. The engine builds every protected message with these; tests and the responder fuzz
// harness use them to send crafted content under real keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ikev2/sk_crypter.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

// header.next_payload and header.length are computed; `first_inner` is the type of the first
// payload in `inner`.
Result<Bytes> seal_sk_message(SkCrypter& crypter, const wire::ikev2::Header& header,
                              wire::ikev2::PayloadType first_inner, ByteView inner);

// One fragment: `part` is the slice of the inner payload bytes it carries; `first_inner` is
// meaningful only in fragment 1 (kNone in the others).
Result<Bytes> seal_skf_message(SkCrypter& crypter, const wire::ikev2::Header& header,
                               wire::ikev2::PayloadType first_inner, std::uint16_t number,
                               std::uint16_t total, ByteView part);

// The whole inner chain as SKF fragments of at most `max_packet` bytes each.
Result<std::vector<Bytes>> seal_fragments(SkCrypter& crypter, const wire::ikev2::Header& header,
                                          const wire::ikev2::EncodedChain& inner,
                                          std::size_t max_packet);

}  // namespace oakley::ikev2
