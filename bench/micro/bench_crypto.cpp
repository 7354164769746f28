// Micro-benchmarks of the crypto layer: the per-SA costs (DH, PRF, key derivation) and the
// per-packet costs (AEAD, cipher + integrity) the daemon's budgets are stated in.
#include <benchmark/benchmark.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>

#include "crypto/cipher.hpp"
#include "crypto/dh.hpp"
#include "crypto/ikev2_keys.hpp"
#include "crypto/prf.hpp"
#include "crypto/random.hpp"

namespace oakley::crypto {
namespace {

constexpr std::size_t kPacket = 1400;

// OpenSSL heap allocations, counted through CRYPTO_set_mem_functions (installed before OpenSSL
// allocates anything) so the per-packet benchmarks can show they allocate nothing.
std::atomic<std::uint64_t> g_allocs{0};
void* counting_malloc(std::size_t n, const char*, int) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void* counting_realloc(void* p, std::size_t n, const char*, int) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
void plain_free(void* p, const char*, int) {
  std::free(p);
}

class AllocCounter {
 public:
  explicit AllocCounter(benchmark::State& state) : state_(state), start_(g_allocs.load()) {}
  ~AllocCounter() {
    state_.counters["ossl_allocs/op"] = benchmark::Counter(
        static_cast<double>(g_allocs.load() - start_) / static_cast<double>(state_.iterations()));
  }

 private:
  benchmark::State& state_;
  std::uint64_t start_;
};

// One responder exchange: generate our key pair, then derive with the peer's public value.
void BM_DhKeygenDerive(benchmark::State& state) {
  const auto id = static_cast<DhId>(state.range(0));
  auto peer = DhKeyPair::generate(id);
  if (!peer) return state.SkipWithError(peer.error().message.c_str());
  AllocCounter allocs(state);
  for (auto _ : state) {
    auto mine = DhKeyPair::generate(id);
    auto secret = (*mine)->shared_secret((*peer)->public_value());
    benchmark::DoNotOptimize(secret);
  }
  state.SetLabel(std::string(dh_name(id)));
}
BENCHMARK(BM_DhKeygenDerive)
    ->Arg(static_cast<int>(DhId::kCurve25519))
    ->Arg(static_cast<int>(DhId::kCurve448))
    ->Arg(static_cast<int>(DhId::kEcp256))
    ->Arg(static_cast<int>(DhId::kEcp384))
    ->Arg(static_cast<int>(DhId::kModp2048))
    ->Arg(static_cast<int>(DhId::kModp3072))
    ->Unit(benchmark::kMicrosecond);

void BM_DhKeygen(benchmark::State& state) {
  const auto id = static_cast<DhId>(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(DhKeyPair::generate(id));
  state.SetLabel(std::string(dh_name(id)));
}
BENCHMARK(BM_DhKeygen)
    ->Arg(static_cast<int>(DhId::kCurve25519))
    ->Arg(static_cast<int>(DhId::kEcp256))
    ->Arg(static_cast<int>(DhId::kModp2048))
    ->Unit(benchmark::kMicrosecond);

void BM_PrfHmacSha256OneShot(benchmark::State& state) {
  auto prf = Prf::create(PrfId::kHmacSha256);
  Bytes key = random_bytes(32), data = random_bytes(64);
  AllocCounter allocs(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(prf->compute(key, {data}));
}
BENCHMARK(BM_PrfHmacSha256OneShot);

void BM_PrfHmacSha256Keyed(benchmark::State& state) {
  Bytes key = random_bytes(32), data = random_bytes(64);
  auto prf = KeyedPrf::create(PrfId::kHmacSha256, key);
  std::uint8_t out[32];
  AllocCounter allocs(state);
  for (auto _ : state)
    if (!prf->compute_into({data}, out)) return state.SkipWithError("prf failed");
}
BENCHMARK(BM_PrfHmacSha256Keyed);

// Everything after DH for one IKE SA with AES-GCM-16/PRF-SHA256: SKEYSEED, the 7-key split, the
// PSK AUTH check and one Child SA's keys.
void BM_Ikev2KeySchedule(benchmark::State& state) {
  const PrfId prf = PrfId::kHmacSha256;
  Bytes ni = random_bytes(32), nr = random_bytes(32), g_ir = random_bytes(32);
  Bytes spi_i = random_bytes(8), spi_r = random_bytes(8), msg = random_bytes(400);
  Bytes id = random_bytes(12), psk = random_bytes(16);
  for (auto _ : state) {
    auto seed = ikev2::skeyseed(prf, ni, nr, g_ir);
    auto keys = ikev2::derive_ike_sa_keys(prf, *seed, ni, nr, spi_i, spi_r, 0, 20);
    auto auth_i = ikev2::psk_auth(prf, psk, msg, nr, keys->sk_pi, id);
    auto auth_r = ikev2::psk_auth(prf, psk, msg, ni, keys->sk_pr, id);
    auto child = ikev2::derive_child_sa_keys(prf, keys->sk_d, {}, ni, nr, 20, 0);
    benchmark::DoNotOptimize(child);
  }
}
BENCHMARK(BM_Ikev2KeySchedule)->Unit(benchmark::kMicrosecond);

void BM_AeadSeal(benchmark::State& state) {
  const auto id = static_cast<EncrId>(state.range(0));
  const std::size_t key_len = *encr_keymat_size(id, id == EncrId::kChacha20Poly1305 ? 0 : 128);
  auto aead = Aead::create(id, random_bytes(key_len));
  Bytes iv(8), aad(8), data(kPacket), icv((*aead)->icv_size());
  std::uint64_t seq = 0;
  AllocCounter allocs(state);
  for (auto _ : state) {
    store_be64(iv.data(), ++seq);
    if (!(*aead)->seal(iv, aad, data, icv)) return state.SkipWithError("seal failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacket));
  state.SetLabel(std::string(encr_name(id)));
}
BENCHMARK(BM_AeadSeal)
    ->Arg(static_cast<int>(EncrId::kAesGcm16))
    ->Arg(static_cast<int>(EncrId::kAesCcm16))
    ->Arg(static_cast<int>(EncrId::kChacha20Poly1305));

void BM_AeadOpen(benchmark::State& state) {
  auto aead = Aead::create(EncrId::kAesGcm16, random_bytes(20));
  Bytes iv(8), aad(8), data(kPacket), icv(16);
  (*aead)->seal(iv, aad, data, icv);
  Bytes sealed = data;
  AllocCounter allocs(state);
  for (auto _ : state) {
    data = sealed;
    if (!(*aead)->open(iv, aad, data, icv)) return state.SkipWithError("open failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacket));
}
BENCHMARK(BM_AeadOpen);

// ESP with a separate integrity transform: encrypt, then MAC header | IV | ciphertext.
void BM_CbcHmac(benchmark::State& state) {
  const auto integ_id = static_cast<IntegId>(state.range(0));
  auto cipher = Cipher::create(EncrId::kAesCbc, random_bytes(16));
  auto integ = Integrity::create(integ_id, random_bytes(integ_key_size(integ_id)));
  // 1400 bytes of payload padded to the AES block: 1408.
  Bytes header(8), iv = random_bytes(16), data(1408), icv((*integ)->icv_size());
  AllocCounter allocs(state);
  for (auto _ : state) {
    if (!(*cipher)->encrypt(iv, data)) return state.SkipWithError("encrypt failed");
    (*integ)->compute({header, iv, data}, icv);
    benchmark::DoNotOptimize(icv.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.SetLabel("AES-128-CBC + " + std::string(integ_name(integ_id)));
}
BENCHMARK(BM_CbcHmac)
    ->Arg(static_cast<int>(IntegId::kHmacSha256_128))
    ->Arg(static_cast<int>(IntegId::kHmacSha1_96))
    ->Arg(static_cast<int>(IntegId::kAesXcbc96))
    ->Arg(static_cast<int>(IntegId::kAesCmac96));

void BM_IntegrityOnly(benchmark::State& state) {
  const auto integ_id = static_cast<IntegId>(state.range(0));
  auto integ = Integrity::create(integ_id, random_bytes(integ_key_size(integ_id)));
  Bytes data(kPacket), icv((*integ)->icv_size());
  AllocCounter allocs(state);
  for (auto _ : state)
    (*integ)->compute({data}, icv);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacket));
  state.SetLabel(std::string(integ_name(integ_id)));
}
BENCHMARK(BM_IntegrityOnly)
    ->Arg(static_cast<int>(IntegId::kHmacSha256_128))
    ->Arg(static_cast<int>(IntegId::kAesXcbc96));

}  // namespace
}  // namespace oakley::crypto

int main(int argc, char** argv) {
  if (CRYPTO_set_mem_functions(oakley::crypto::counting_malloc, oakley::crypto::counting_realloc,
                               oakley::crypto::plain_free) != 1)
    return 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
