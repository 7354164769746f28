#include "tools/oakload/load_app.hpp"

#include <cstdio>
#include <memory>

#include "common/log.hpp"
#include "dataplane/null_backend.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev2/engine.hpp"
#include "net/event_loop.hpp"
#include "net/ike_sockets.hpp"
#include "net/socket_sender.hpp"
#include "net/worker_pool.hpp"
#include "tools/oakload/flooder.hpp"
#include "tools/oakload/init_template.hpp"
#include "tools/oakload/load_config.hpp"
#include "tools/oakload/load_run.hpp"

namespace oakley::oakload {
namespace {

using Json = nlohmann::json;

#define OAK_STAT(json, stats, field) (json)[#field] = (stats).field

Json engine_json(const ikev2::EngineStats& s) {
  Json j;
  OAK_STAT(j, s, messages_in);
  OAK_STAT(j, s, messages_out);
  OAK_STAT(j, s, retransmits_sent);
  OAK_STAT(j, s, invalid_messages);
  OAK_STAT(j, s, unknown_spi);
  OAK_STAT(j, s, ike_established);
  OAK_STAT(j, s, ike_failed);
  OAK_STAT(j, s, ike_rekeyed);
  OAK_STAT(j, s, auth_failures);
  OAK_STAT(j, s, no_proposal_chosen);
  OAK_STAT(j, s, child_installed);
  OAK_STAT(j, s, child_failed);
  OAK_STAT(j, s, child_rekeyed);
  OAK_STAT(j, s, child_deleted);
  return j;
}

#undef OAK_STAT

Result<std::unique_ptr<net::IkeSockets>> open_sockets(net::EventLoop& loop,
                                                      net::IkeSocketsConfig config) {
  auto sockets = std::make_unique<net::IkeSockets>(loop, config);
  if (auto st = sockets->open(); !st) return st.take_error();
  return sockets;
}

// The engine knows one IKE and one NAT-T port for all addresses. With port 0 and several
// addresses each socket would get a port of its own, so the first address picks the free ports
// and the others bind the same ones.
Result<std::unique_ptr<net::IkeSockets>> open_ike_sockets(net::EventLoop& loop,
                                                          const LoadOptions& o) {
  net::IkeSocketsConfig config;
  config.addresses = o.sources;
  if (config.addresses.empty()) config.addresses = {IpAddress::any(o.remote.family())};
  config.ike_port = o.port;
  config.natt_port = o.natt_port;
  if (config.addresses.size() > 1 && (o.port == 0 || o.natt_port == 0)) {
    auto first = config;
    first.addresses.resize(1);
    auto probe = open_sockets(loop, first);
    if (!probe) return probe.take_error();
    config.ike_port = *(*probe)->local_port(net::SocketKind::kIke, o.remote.family());
    config.natt_port = *(*probe)->local_port(net::SocketKind::kUdpEncap, o.remote.family());
  }
  return open_sockets(loop, config);
}

std::unique_ptr<Flooder> start_flood(const LoadOptions& o,
                                     std::shared_ptr<const credentials::LoadedConfig> config,
                                     net::EventLoop& loop) {
  if (o.flood_rate <= 0) return nullptr;
  Endpoint target{o.remote, o.remote_port};
  auto message = capture_ike_sa_init(config, config->connections.front(), target, loop);
  if (!message) {
    std::fprintf(stderr, "oakload: flood: %s\n", message.error().message.c_str());
    return nullptr;
  }
  auto flooder = std::make_unique<Flooder>(std::move(*message), target, o.flood_from, o.flood_rate);
  if (auto st = flooder->start(); !st) {
    std::fprintf(stderr, "oakload: %s\n", st.error().message.c_str());
    return nullptr;
  }
  return flooder;
}

void print_summary(const LoadOptions& o, const Tally& tally) {
  if (o.json) {
    std::printf("%s\n", summary_json(tally).dump(2).c_str());
  } else {
    std::printf("%s", summary_text(tally).c_str());
  }
  std::fflush(stdout);
}

}  // namespace

int run_load(const LoadOptions& o) {
  log::set_stderr(true);
  log::set_level(o.log_level);
  net::EventLoop loop;
  auto sockets = open_ike_sockets(loop, o);
  if (!sockets) {
    std::fprintf(stderr, "oakload: %s\n", sockets.error().message.c_str());
    return 1;
  }
  BoundPorts ports{*(*sockets)->local_port(net::SocketKind::kIke, o.remote.family()),
                   *(*sockets)->local_port(net::SocketKind::kUdpEncap, o.remote.family())};
  auto config = build_config(o, ports);
  if (!config) {
    std::fprintf(stderr, "oakload: %s\n", config.error().message.c_str());
    return 2;
  }
  net::WorkerPool workers(loop, o.workers);
  net::SocketSender sender(**sockets);
  dataplane::NullBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  auto engine = std::make_unique<ikev2::Engine>(
      ikev2::EngineDeps{loop, workers, sender, backend, reqids, ids}, *config,
      ikev2::EngineOptions{.install_children = false, .run_start_actions = false});
  (*sockets)->on_ike_datagram(
      [&](net::Datagram d) { engine->on_packet(d.data, d.local, d.remote); });

  Tally tally;
  LoadRun run(o, *config, *engine, loop, tally);
  if (auto st = run.prepare(); !st) {
    std::fprintf(stderr, "oakload: %s\n", st.error().message.c_str());
    return 2;
  }
  auto flooder = start_flood(o, *config, loop);
  if (o.flood_rate > 0 && !flooder) return 1;
  tally.flood_rate = o.flood_rate;
  auto stop_flood = [&] {
    if (!flooder) return;
    flooder->stop();
    tally.flood_sent = flooder->sent();
  };
  loop.handle_signals([&](int) { loop.stop(); }, [] {});
  run.start([&] {
    stop_flood();
    if (o.hold_s <= 0) return loop.stop();
    loop.schedule(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.hold_s)),
                  [&] { loop.stop(); });
  });
  loop.run();
  stop_flood();
  tally.engine = engine_json(engine->stats());
  print_summary(o, tally);
  // The SAs stay up on the responder unless --delete asked otherwise: what a load left behind is
  // what a benchmark measures next (memory per SA).
  engine.reset();
  workers.shutdown();
  return tally.all_good() ? 0 : 1;
}

}  // namespace oakley::oakload
