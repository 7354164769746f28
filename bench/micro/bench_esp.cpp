// Micro-benchmarks of the ESP transforms at 1400-byte packets, per algorithm: encapsulation
// (sequence number, IV, padding, encryption, ICV) and decapsulation (ICV, decryption, trailer,
// replay check off), plus the whole Datapath (policy lookup, SA, counters) for AES-GCM-128.
// Not a ctest test: run build/.../bench_esp for figures.
#include <benchmark/benchmark.h>

#include <cstring>

#include "dataplane/datapath_fixture.hpp"
#include "dataplane/esp/esp_sa.hpp"
#include "dataplane/esp_test_algorithms.hpp"

namespace oakley::dataplane {
namespace {

constexpr std::size_t kInner = 1400;

struct Setup {
  explicit Setup(const SaAlgorithms& a) {
    SecretBytes ek = test::random_encr_key(a);
    SecretBytes ik = test::random_integ_key(a);
    out = std::move(esp::EspCrypto::create(a, ek, ik)).value();
    in = std::move(esp::EspCrypto::create(a, ek, ik)).value();
    inner = test::make_udp_packet(test::ip("10.1.0.1"), test::ip("10.2.0.1"), 1, 2, kInner - 28);
    storage.resize(kInner + 256);
  }
  esp::PacketBuffer fresh() {
    std::memcpy(storage.data() + 128, inner.data(), inner.size());
    return esp::PacketBuffer(storage.data(), storage.size(), 128, inner.size());
  }
  std::unique_ptr<esp::EspCrypto> out, in;
  Bytes inner;
  std::vector<std::uint8_t> storage;
  esp::IvSource ivs;
};

void BM_Encapsulate(benchmark::State& state, SaAlgorithms a) {
  Setup s(a);
  esp::EspSaParams sa{0x1000, Mode::kTunnel, a.esn};
  esp::OutboundSequence seq;
  for (auto _ : state) {
    esp::PacketBuffer p = s.fresh();
    auto r = esp::esp_outbound(*s.out, sa, seq, s.ivs, 4, p);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kInner));
}

void BM_Decapsulate(benchmark::State& state, SaAlgorithms a) {
  Setup s(a);
  esp::EspSaParams sa{0x1000, Mode::kTunnel, a.esn};
  esp::OutboundSequence seq;
  esp::PacketBuffer p = s.fresh();
  (void)esp::esp_outbound(*s.out, sa, seq, s.ivs, 4, p);
  const Bytes wire(p.data(), p.data() + p.size());
  std::vector<std::uint8_t> work(wire.size());
  esp::InboundReplay replay(0);  // off, so the same packet can be opened again and again
  for (auto _ : state) {
    std::memcpy(work.data(), wire.data(), wire.size());
    auto r = esp::esp_inbound(*s.in, sa, replay, work);
    if (!r.ok()) state.SkipWithError("decapsulation failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kInner));
}

// Policy lookup, SA selection, lifetime accounting and ESP, both ways.
void BM_DatapathRoundTrip(benchmark::State& state) {
  Datapath left(1), right(1);
  auto pair = test::make_sa_pair({EncrId::kAesGcm16, 128}, 0x1000, 1);
  pair.in.replay_window = 0;
  (void)left.install_sa(pair.out);
  (void)right.install_sa(pair.in);
  PolicyConfig pc;
  pc.local_ts = TrafficSelector::from_prefix(test::ip("10.1.0.0"), 24);
  pc.remote_ts = TrafficSelector::from_prefix(test::ip("10.2.0.0"), 24);
  pc.reqid = 1;
  (void)left.install_policy(pc);
  left.refresh(left.worker(0));
  right.refresh(right.worker(0));
  Setup s({EncrId::kAesGcm16, 128});
  for (auto _ : state) {
    esp::PacketBuffer p = s.fresh();
    auto o = left.outbound(left.worker(0), p);
    auto i = right.inbound(right.worker(0), p, o.sa->local, o.sa->remote);
    if (!i.ok()) state.SkipWithError("round trip failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kInner));
}

void register_all() {
  for (const auto& alg : test::all_algorithms()) {
    benchmark::RegisterBenchmark(("encapsulate/" + alg.name).c_str(), BM_Encapsulate,
                                 alg.algorithms);
    benchmark::RegisterBenchmark(("decapsulate/" + alg.name).c_str(), BM_Decapsulate,
                                 alg.algorithms);
  }
  benchmark::RegisterBenchmark("datapath_round_trip/aes128gcm16", BM_DatapathRoundTrip);
}

}  // namespace
}  // namespace oakley::dataplane

int main(int argc, char** argv) {
  oakley::dataplane::register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
