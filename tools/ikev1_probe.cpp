// ikev1_probe: the IKEv1 engine on real UDP sockets (500 and the NAT-T port, with the non-ESP
// marker), without a data plane (NullBackend), for checking the IKE exchanges against a real peer
// such as charon in a network namespace. Not a product: oakleyd is the daemon. Usage:
//   ikev1_probe --config FILE [--initiate CONN[/CHILD]] [--seconds N] [--at SECONDS ACTION]...
// ACTION: rekey-child:CONN/CHILD, rekey-ike:CONN, terminate-child:CONN/CHILD, terminate-ike:CONN,
// list. It prints the SA list at the end and exits 0 when every initiation completed.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "credentials/store.hpp"
#include "dataplane/null_backend.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev1/engine.hpp"

namespace {

using namespace oakley;

int bind_udp(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::cerr << "bind " << port << ": " << std::strerror(errno) << "\n";
    std::exit(2);
  }
  return fd;
}

class UdpSender final : public PacketSender {
 public:
  UdpSender(int fd500, int fd4500, IpAddress self) : fd500_(fd500), fd4500_(fd4500), self_(self) {}
  void send(const Endpoint& local, const Endpoint& remote, ByteView message) override {
    Bytes out;
    if (local.port == 4500) out.assign(4, 0);  // non-ESP marker
    append(out, message);
    transmit(local.port == 4500 ? fd4500_ : fd500_, remote, out);
  }
  void send_keepalive(const Endpoint& local, const Endpoint& remote) override {
    Bytes ka{0xff};
    transmit(local.port == 4500 ? fd4500_ : fd500_, remote, ka);
  }
  std::optional<IpAddress> source_for(const IpAddress&) override { return self_; }

 private:
  static void transmit(int fd, const Endpoint& to, ByteView data) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(to.port);
    std::memcpy(&a.sin_addr, to.address.bytes().data(), 4);
    (void)sendto(fd, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  int fd500_, fd4500_;
  IpAddress self_;
};

struct Action {
  double at = 0;
  std::string what;
};

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  std::vector<std::string> initiate;
  std::vector<Action> actions;
  double seconds = 10;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc)
      config_path = argv[++i];
    else if (a == "--initiate" && i + 1 < argc)
      initiate.push_back(argv[++i]);
    else if (a == "--seconds" && i + 1 < argc)
      seconds = std::stod(argv[++i]);
    else if (a == "--at" && i + 2 < argc) {
      double t = std::stod(argv[++i]);
      actions.push_back({t, argv[++i]});
    } else {
      std::cerr << "usage: ikev1_probe --config FILE [--initiate CONN[/CHILD]] [--seconds N] "
                   "[--at SECONDS ACTION]\n";
      return 2;
    }
  }
  log::set_level(log::Level::kDebug);
  auto cfg = credentials::load_config(config_path);
  if (!cfg) {
    std::cerr << cfg.error().message << "\n";
    return 2;
  }
  const auto& conns = (*cfg)->connections;
  IpAddress self = IpAddress::any(IpAddress::Family::kV4);
  if (!conns.empty() && !conns[0].local_addrs.empty()) self = conns[0].local_addrs[0].start;
  int fd500 = bind_udp(500), fd4500 = bind_udp(4500);
  TimerHeap timers{Clock::now()};
  InlineWorkPool work;
  UdpSender sender(fd500, fd4500, self);
  dataplane::NullBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  ikev1::Engine engine({timers, work, sender, backend, reqids, ids}, *cfg);
  int failures = 0, pending = 0;
  auto split = [](const std::string& s) {
    auto slash = s.find('/');
    return std::pair{s.substr(0, slash), slash == std::string::npos ? "" : s.substr(slash + 1)};
  };
  auto done = [&](const std::string& what) {
    ++pending;
    return [&, what](const Status& st) {
      --pending;
      if (!st) ++failures;
      std::cout << "RESULT " << what << ": " << (st ? "ok" : st.error().message) << std::endl;
    };
  };
  for (const auto& i : initiate) {
    auto [conn, child] = split(i);
    auto st = engine.initiate(conn, child, done("initiate " + i));
    if (!st) std::cout << "RESULT initiate " << i << ": " << st.error().message << std::endl;
  }
  for (const auto& a : actions) {
    timers.schedule(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(a.at)), [&,
                                                                                                a] {
      auto colon = a.what.find(':');
      std::string verb = a.what.substr(0, colon),
                  arg = colon == std::string::npos ? "" : a.what.substr(colon + 1);
      auto [conn, child] = split(arg);
      Status st;
      if (verb == "rekey-child" || verb == "terminate-child") {
        auto id = engine.find_child_id(conn, child);
        if (!id)
          st = make_error("no such child");
        else if (verb == "rekey-child")
          st = engine.rekey_child(*id, done(a.what));
        else
          st = engine.terminate_child(*id, done(a.what));
      } else if (verb == "rekey-ike" || verb == "terminate-ike") {
        auto id = engine.find_ike_id(conn);
        if (!id)
          st = make_error("no such IKE SA");
        else if (verb == "rekey-ike")
          st = engine.rekey_ike(*id, done(a.what));
        else
          st = engine.terminate_ike(*id, done(a.what));
      } else if (verb == "list") {
        for (const auto& sa : engine.list_sas()) {
          std::cout << fmt::format("SA #{} {} {} {:016x}_i {:016x}_r children={}\n", sa.id,
                                   sa.connection, sa.state, sa.spi_i, sa.spi_r, sa.children.size());
        }
      }
      if (!st) std::cout << "RESULT " << a.what << ": " << st.error().message << std::endl;
    });
  }
  auto end =
      Clock::now() + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
  std::uint8_t buf[65536];
  while (Clock::now() < end) {
    timers.run_until(Clock::now());
    auto next = timers.next_deadline().value_or(end);
    auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::min(next, end) - Clock::now());
    pollfd fds[2] = {{fd500, POLLIN, 0}, {fd4500, POLLIN, 0}};
    if (poll(fds, 2, static_cast<int>(std::max<std::int64_t>(wait.count(), 0))) <= 0) continue;
    for (auto& p : fds) {
      if (!(p.revents & POLLIN)) continue;
      sockaddr_in from{};
      socklen_t len = sizeof from;
      auto n = recvfrom(p.fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) continue;
      bool nat_t = p.fd == fd4500;
      ByteView data(buf, static_cast<std::size_t>(n));
      if (nat_t) {
        if (n < 4 || load_be32(buf) != 0) continue;  // ESP in UDP or a keepalive
        data = data.subspan(4);
      }
      Endpoint remote{
          *IpAddress::from_bytes(ByteView(reinterpret_cast<std::uint8_t*>(&from.sin_addr), 4)),
          ntohs(from.sin_port)};
      engine.on_packet(data, Endpoint{self, static_cast<std::uint16_t>(nat_t ? 4500 : 500)},
                       remote);
    }
  }
  for (const auto& sa : engine.list_sas()) {
    std::cout << fmt::format("SA #{} {} {} {} {:016x}_i {:016x}_r {} {}{}\n", sa.id, sa.connection,
                             sa.state, sa.role, sa.spi_i, sa.spi_r, sa.remote, sa.encr,
                             sa.nat_local || sa.nat_remote ? " NAT" : "");
    for (const auto& c : sa.children) {
      std::cout << fmt::format(
          "  CHILD {} #{} {} {} {:08x}_i {:08x}_o udp={} expires_in={} rekey_in={}\n", c.name, c.id,
          c.state, c.mode, c.spi_in, c.spi_out, c.udp_encap, c.expire_in_seconds.value_or(-1),
          c.rekey_in_seconds.value_or(-1));
    }
  }
  const auto& s = engine.stats();
  std::cout << fmt::format(
      "STATS in={} out={} retransmits={} answered={} invalid={} dpd_sent={} dpd_acks={} "
      "dpd_answered={} rl_sent={} rl_received={}\n",
      s.messages_in, s.messages_out, s.retransmits_sent, s.retransmits_answered, s.invalid_messages,
      s.dpd_sent, s.dpd_acks_received, s.dpd_answered, s.responder_lifetime_sent,
      s.responder_lifetime_received);
  engine.shutdown();
  close(fd500);
  close(fd4500);
  return failures || pending ? 1 : 0;
}
