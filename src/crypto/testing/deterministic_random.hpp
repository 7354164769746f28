// TEST-ONLY: makes every random byte of the process a function of a seed, so fuzz harnesses and
// tests get the same SPIs, nonces, IVs and DH keys on every run and a crash replays exactly. It
// replaces OpenSSL's RAND method for the whole process (OpenSSL's DRBG mixes in the time, so it
// cannot be seeded into repeating itself); the output is predictable by design.
//
// Lives in its own library, oakley_crypto_deterministic_random, which only fuzz harnesses and
// tests link: no daemon or tool binary contains it, and no configuration can switch it on.
#pragma once

#include <cstdint>

namespace oakley::crypto::testing {

// From now on, random bytes (RAND_bytes, RAND_priv_bytes, so also key generation inside OpenSSL)
// come from SHA-256(seed | counter) blocks, starting over at counter 0. Call again to restart.
// State set up once per process on first use (keygen templates) draws random bytes too: use
// every code path once before the first seeded run, or the first run differs from the others.
void use_deterministic_random(std::uint64_t seed);
// Back to OpenSSL's DRBG.
void use_system_random();

}  // namespace oakley::crypto::testing
