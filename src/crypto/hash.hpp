// Message digests where the protocols need a bare hash: IKEv1 IVs, NAT detection payloads,
// RFC 7427 signature hashing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"

namespace oakley::crypto {

enum class HashAlg : std::uint8_t { kMd5, kSha1, kSha256, kSha384, kSha512 };

std::size_t hash_size(HashAlg alg);        // 16, 20, 32, 48, 64
std::size_t hash_block_size(HashAlg alg);  // 64 or 128
// The hash under an HMAC PRF (IKEv1's prf is the HMAC of its negotiated hash); nullopt for the
// AES-based PRFs.
std::optional<HashAlg> hmac_hash(PrfId prf);

// Hash of the concatenation of `parts`.
Bytes hash(HashAlg alg, std::initializer_list<ByteView> parts);

// IKEv2 NAT_DETECTION_*_IP data (RFC 7296 2.23): SHA-1(SPIi | SPIr | IP address | port), with the
// SPIs as on the wire (8 bytes each) and the port in network byte order.
Bytes ikev2_nat_hash(ByteView spi_i, ByteView spi_r, ByteView ip, std::uint16_t port);

}  // namespace oakley::crypto
