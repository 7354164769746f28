// oak-dp-test: runs the TUN data plane with one static SA pair from the command line, no IKE.
// The namespace tests start one per namespace (same keys on both sides, SPIs swapped); it is also
// the quickest way to measure the data plane (iperf3 through two of them).
//
//   oak-dp-test --local 192.0.2.1 --remote 192.0.2.2 --local-ts 10.1.0.0/24
//               --remote-ts 10.2.0.0/24 --spi-out 0x1001 --spi-in 0x1002 --alg aes128gcm16
//               --seed test [--udp-encap 4500:4500] [--mode transport] [--stats out.json]
//
// Keys come from --seed: every SA's keys are SHA-256 expansions of seed and SPI, so both peers
// derive the same keys for the same SPI. Runs until SIGINT/SIGTERM; SIGUSR1 writes the stats.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "crypto/cipher.hpp"
#include "crypto/hash.hpp"
#include "dataplane/tun/fd.hpp"
#include "dataplane/tun/tun_backend.hpp"
#include "sockio/sockaddr.hpp"

namespace oakley::dataplane {
namespace {

struct Options {
  tun::TunBackendConfig tun;
  std::string local, remote;
  std::vector<std::string> local_ts, remote_ts;
  std::uint32_t spi_out = 0, spi_in = 0, reqid = 1;
  std::string alg = "aes128gcm16";
  std::string mode = "tunnel";
  std::string seed = "oakley";
  std::string udp_encap;  // "LOCAL:REMOTE" ports
  bool esn = false;
  std::uint32_t replay_window = 1024;
  int acquire_delay_ms = -1;  // >= 0: trap policies; the SAs go in this long after the ACQUIRE
  std::string stats_file, ready_file, log_level = "info";
};

const std::map<std::string, SaAlgorithms>& algorithms() {
  static const std::map<std::string, SaAlgorithms> m = {
      {"aes128gcm16", {EncrId::kAesGcm16, 128}},
      {"aes256gcm16", {EncrId::kAesGcm16, 256}},
      {"aes128gcm8", {EncrId::kAesGcm8, 128}},
      {"aes128gcm12", {EncrId::kAesGcm12, 128}},
      {"chacha20poly1305", {EncrId::kChacha20Poly1305, 0}},
      {"aes128-sha256", {EncrId::kAesCbc, 128, IntegId::kHmacSha256_128}},
      {"aes256-sha384", {EncrId::kAesCbc, 256, IntegId::kHmacSha384_192}},
      {"aes256-sha512", {EncrId::kAesCbc, 256, IntegId::kHmacSha512_256}},
      {"aes128-sha1", {EncrId::kAesCbc, 128, IntegId::kHmacSha1_96}},
      {"aes128ctr-sha256", {EncrId::kAesCtr, 128, IntegId::kHmacSha256_128}},
      {"3des-sha1", {EncrId::k3Des, 0, IntegId::kHmacSha1_96}},
      {"null-sha256", {EncrId::kNull, 0, IntegId::kHmacSha256_128}},
  };
  return m;
}

// SHA-256(seed | label | spi | counter) blocks, cut to `size`.
SecretBytes derive_key(const std::string& seed, const char* label, std::uint32_t spi,
                       std::size_t size) {
  SecretBytes out;
  Bytes spi_bytes;
  put_be32(spi_bytes, spi);
  for (std::uint8_t counter = 0; out.size() < size; ++counter) {
    const std::uint8_t c[1] = {counter};
    out.append(crypto::hash(crypto::HashAlg::kSha256,
                            {as_bytes(seed), as_bytes(label), spi_bytes, ByteView(c, 1)}));
  }
  out.resize(size);
  return out;
}

Result<TrafficSelector> parse_selector(const std::string& text) {
  const auto slash = text.find('/');
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return make_error("bad selector " + text);
  const unsigned len = slash == std::string::npos
                           ? addr->max_prefix()
                           : static_cast<unsigned>(std::stoul(text.substr(slash + 1)));
  return TrafficSelector::from_prefix(*addr, len);
}

Result<std::vector<TrafficSelector>> parse_selectors(const std::vector<std::string>& list,
                                                     const IpAddress& fallback) {
  std::vector<TrafficSelector> out;
  for (const auto& t : list) {
    auto ts = parse_selector(t);
    if (!ts) return ts.take_error();
    out.push_back(*ts);
  }
  if (out.empty()) out.push_back(TrafficSelector::from_prefix(fallback, fallback.max_prefix()));
  return out;
}

struct Plan {
  SaConfig out, in;
  std::vector<PolicyConfig> policies;
  std::optional<UdpEncapsulation> encap;
};

Result<Plan> make_plan(const Options& o) {
  auto local = IpAddress::parse(o.local);
  auto remote = IpAddress::parse(o.remote);
  if (!local || !remote) return make_error("--local and --remote need IP addresses");
  auto alg = algorithms().find(o.alg);
  if (alg == algorithms().end()) return make_error("unknown --alg " + o.alg);
  auto lts = parse_selectors(o.local_ts, *local);
  auto rts = parse_selectors(o.remote_ts, *remote);
  if (!lts || !rts) return make_error(lts ? rts.error().message : lts.error().message);
  Plan p;
  if (!o.udp_encap.empty()) {
    const auto colon = o.udp_encap.find(':');
    p.encap =
        UdpEncapsulation{static_cast<std::uint16_t>(std::stoul(o.udp_encap.substr(0, colon))),
                         static_cast<std::uint16_t>(std::stoul(o.udp_encap.substr(colon + 1)))};
  }
  SaAlgorithms a = alg->second;
  a.esn = o.esn;
  const std::size_t ek = crypto::encr_keymat_size(a.encr, a.encr_key_bits).value();
  const std::size_t ik = crypto::integ_key_size(a.integ);
  for (auto [sa, spi, dir] : {std::tuple{&p.out, o.spi_out, Direction::kOutbound},
                              std::tuple{&p.in, o.spi_in, Direction::kInbound}}) {
    sa->spi = spi;
    sa->direction = dir;
    sa->reqid = o.reqid;
    sa->mode = o.mode == "transport" ? Mode::kTransport : Mode::kTunnel;
    sa->algorithms = a;
    sa->encr_key = derive_key(o.seed, "encr", spi, ek);
    sa->integ_key = derive_key(o.seed, "integ", spi, ik);
    sa->local = *local;
    sa->remote = *remote;
    sa->udp_encap = p.encap;
    sa->replay_window = o.replay_window;
    sa->local_ts = *lts;
    sa->remote_ts = *rts;
  }
  for (const auto& l : *lts)
    for (const auto& r : *rts) {
      if (l.family() != r.family()) continue;
      PolicyConfig pc;
      pc.local_ts = l;
      pc.remote_ts = r;
      pc.reqid = o.reqid;
      pc.action = o.acquire_delay_ms >= 0 ? PolicyAction::kTrap : PolicyAction::kProtect;
      pc.mode = p.out.mode;
      pc.local = *local;
      pc.remote = *remote;
      p.policies.push_back(pc);
    }
  return p;
}

// The NAT-T socket the daemon's network layer would hand over.
Result<tun::Fd> open_udp(const IpAddress& local, std::uint16_t port) {
  tun::Fd fd(
      ::socket(local.is_v4() ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  const int on = 1;
  if (local.is_v4())
    ::setsockopt(fd.get(), IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
  else
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
  int buf = 8 << 20;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf);
  sockaddr_storage ss;
  const socklen_t len = sockio::to_sockaddr(local, port, ss);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0)
    return make_error("bind UDP " + local.to_string() + ":" + std::to_string(port) + ": " +
                      std::strerror(errno));
  return fd;
}

nlohmann::json stats_json(const tun::TunBackend& b, const Plan& p) {
  nlohmann::json j;
  auto s = b.stats();
  j["packets_in"] = s.packets_in;
  j["bytes_in"] = s.bytes_in;
  j["packets_out"] = s.packets_out;
  j["bytes_out"] = s.bytes_out;
  j["ike_packets"] = s.ike_packets;
  j["keepalives"] = s.keepalives;
  j["acquires"] = s.acquires;
  for (std::size_t i = 1; i < kDropReasonCount; ++i)
    if (s.drops[i]) j["drops"][std::string(drop_reason_name(DropReason(i)))] = s.drops[i];
  for (const SaConfig* sa : {&p.out, &p.in}) {
    auto c = b.query_sa(sa->id());
    if (!c) continue;
    auto& js = j["sa"][std::string(direction_name(sa->direction))];
    js["spi"] = sa->spi;
    js["packets"] = c->packets;
    js["bytes"] = c->bytes;
    for (std::size_t i = 1; i < kDropReasonCount; ++i)
      if (c->errors[i]) js["errors"][std::string(drop_reason_name(DropReason(i)))] = c->errors[i];
  }
  return j;
}

void write_stats(const std::string& file, const tun::TunBackend& b, const Plan& p) {
  const std::string text = stats_json(b, p).dump(1);
  if (file.empty() || file == "-") {
    std::cout << text << std::endl;
    return;
  }
  std::ofstream(file) << text << "\n";
}

Status install_sas(tun::TunBackend& b, const Plan& plan) {
  for (const SaConfig* sa : {&plan.in, &plan.out})
    if (auto s = b.install_sa(*sa); !s) return s;
  return {};
}

// Trap mode: the SAs go in once an ACQUIRE arrived and the delay passed, as an IKE daemon would
// after negotiating; the packets held meanwhile must then come out.
struct AcquireWait {
  std::atomic<bool> acquired{false};
  bool installed = false;
  std::chrono::steady_clock::time_point at;
};

bool wait_for_signal(const sigset_t& signals, tun::TunBackend& b, const Plan& plan,
                     const Options& o, AcquireWait& wait) {
  const timespec tick{0, 20'000'000};
  for (;;) {
    if (o.acquire_delay_ms >= 0 && !wait.installed && wait.acquired.load()) {
      if (wait.at == std::chrono::steady_clock::time_point{})
        wait.at = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.acquire_delay_ms);
      if (std::chrono::steady_clock::now() >= wait.at) {
        wait.installed = true;
        if (auto s = install_sas(b, plan); !s) log::error("oak-dp-test", "{}", s.error().message);
      }
    }
    const int sig = sigtimedwait(&signals, nullptr, &tick);
    if (sig > 0) return sig == SIGUSR1;
  }
}

int fail(const std::string& message) {
  std::cerr << "oak-dp-test: " << message << "\n";
  return 1;
}

int run(const Options& o) {
  log::Level level;
  if (log::parse_level(o.log_level, level)) log::set_level(level);
  auto plan = make_plan(o);
  if (!plan) return fail(plan.error().message);
  // Signals are taken with sigtimedwait below, so block them before any worker thread exists.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGUSR1})
    sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto backend = tun::TunBackend::create(o.tun);
  if (!backend) return fail(backend.error().message);
  auto& b = **backend;
  AcquireWait wait;
  b.set_event_handler([&wait](const Event& e) {
    log::info("oak-dp-test", "{}", event_to_string(e));
    if (std::holds_alternative<AcquireEvent>(e)) wait.acquired = true;
  });
  tun::Fd udp;
  if (plan->encap) {
    auto fd = open_udp(plan->in.local, plan->encap->local_port);
    if (!fd) return fail(fd.error().message);
    udp = std::move(fd).value();
    (void)b.set_udp_encap_sockets({{udp.get(), Endpoint{plan->in.local, plan->encap->local_port}}});
  }
  if (o.acquire_delay_ms < 0)
    if (auto s = install_sas(b, *plan); !s) return fail(s.error().message);
  for (const auto& pc : plan->policies)
    if (auto s = b.install_policy(pc); !s)
      return fail("policy " + pc.id().to_string() + ": " + s.error().message);
  if (!o.ready_file.empty()) std::ofstream(o.ready_file) << "ready\n";
  while (wait_for_signal(signals, b, *plan, o, wait))
    write_stats(o.stats_file, b, *plan);
  write_stats(o.stats_file, b, *plan);
  return 0;
}

}  // namespace
}  // namespace oakley::dataplane

int main(int argc, char** argv) {
  oakley::dataplane::Options o;
  CLI::App app{"oak-dp-test: the oakley TUN data plane with a static SA pair (no IKE)"};
  app.add_option("--dev", o.tun.device, "TUN device name")->capture_default_str();
  app.add_option("--mtu", o.tun.mtu, "TUN MTU")->capture_default_str();
  app.add_option("--workers", o.tun.workers, "worker threads (0: one per core)")
      ->capture_default_str();
  app.add_option("--local", o.local, "local outer address")->required();
  app.add_option("--remote", o.remote, "remote outer address")->required();
  app.add_option("--local-ts", o.local_ts, "local traffic selector(s), ADDR[/LEN]");
  app.add_option("--remote-ts", o.remote_ts, "remote traffic selector(s), ADDR[/LEN]");
  app.add_option("--spi-out", o.spi_out, "outbound SPI")->required();
  app.add_option("--spi-in", o.spi_in, "inbound SPI")->required();
  app.add_option("--reqid", o.reqid)->capture_default_str();
  app.add_option("--alg", o.alg, "aes128gcm16, aes256gcm16, chacha20poly1305, aes128-sha256, ...")
      ->capture_default_str();
  app.add_option("--mode", o.mode, "tunnel or transport")->capture_default_str();
  app.add_option("--seed", o.seed, "key derivation seed (same on both peers)")
      ->capture_default_str();
  app.add_option("--udp-encap", o.udp_encap, "ESP in UDP: LOCALPORT:REMOTEPORT");
  app.add_flag("--esn", o.esn, "extended sequence numbers");
  app.add_option("--replay-window", o.replay_window)->capture_default_str();
  app.add_option("--acquire-delay", o.acquire_delay_ms,
                 "trap policies; install the SAs MS milliseconds after the first ACQUIRE");
  app.add_flag(
      "--no-routes", [&o](std::int64_t) { o.tun.manage_routes = false; }, "leave routes alone");
  app.add_option("--stats", o.stats_file, "write stats JSON here on exit / SIGUSR1 (- = stdout)");
  app.add_option("--ready", o.ready_file, "file written once the SAs and routes are in place");
  app.add_option("--log-level", o.log_level)->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return oakley::dataplane::run(o);
}
