// Comparison of secret-dependent byte strings (MACs, HASH payloads, AUTH data, cookies) in time
// that does not depend on where they first differ, so a peer cannot learn a valid value byte by
// byte from response timing. The one place above OpenSSL that compares such values.
#pragma once

#include "common/bytes.hpp"

namespace oakley::crypto {

// True when both hold the same bytes. Lengths are public: a length mismatch returns false at once.
bool equal_constant_time(ByteView a, ByteView b);

}  // namespace oakley::crypto
