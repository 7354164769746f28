// Two oakleyd instances in one process, over loopback with the IKE-only data plane, driven through
// their control sockets as oakctl drives them: establish, list, reload (bad and good), terminate.
#include "daemon/daemon.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "control/client.hpp"
#include "daemon/notify_socket.hpp"

namespace oakley::daemon {
namespace {

namespace fs = std::filesystem;
using control::Json;

std::string side_config(const fs::path& dir, bool left, std::uint16_t base_port,
                        const std::string& extra_connection = "") {
  auto me = left ? base_port : base_port + 2;
  auto peer = left ? base_port + 2 : base_port;
  return fmt::format(R"(oakley {{
  control_socket = {dir}/{name}.ctl
  listen = 127.0.0.1
  port = {me}
  port_nat_t = {me_natt}
  dataplane = none
}}
connections {{
  t {{
    version = 2
    local_addrs = 127.0.0.1
    remote_addrs = 127.0.0.1
    local_port = {me}
    remote_port = {peer}
    proposals = aes128gcm16-prfsha256-x25519
    local {{
      auth = psk
      id = {name}@example.test
    }}
    remote {{
      auth = psk
      id = {other}@example.test
    }}
    children {{
      net {{
        local_ts = {my_net}
        remote_ts = {peer_net}
        esp_proposals = aes128gcm16
      }}
    }}
  }}
{extra}
}}
secrets {{
  ike-t {{
    id-a = left@example.test
    id-b = right@example.test
    secret = "daemon-test-psk-0123456789"
  }}
}}
)",
                     fmt::arg("dir", dir.string()), fmt::arg("name", left ? "left" : "right"),
                     fmt::arg("other", left ? "right" : "left"), fmt::arg("me", me),
                     fmt::arg("me_natt", me + 1), fmt::arg("peer", peer),
                     fmt::arg("my_net", left ? "10.1.0.0/24" : "10.2.0.0/24"),
                     fmt::arg("peer_net", left ? "10.2.0.0/24" : "10.1.0.0/24"),
                     fmt::arg("extra", extra_connection));
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// One daemon with its loop on its own thread.
struct RunningDaemon {
  std::unique_ptr<Daemon> daemon;
  std::thread thread;
  std::string control;

  ~RunningDaemon() {
    if (daemon) daemon->loop().post([d = daemon.get()] { d->shutdown(); });
    if (thread.joinable()) thread.join();
  }

  Result<control::Response> call(std::string_view command, const Json& args = Json::object()) {
    auto client = control::Client::connect(control);
    if (!client) return client.error();
    return client->call(command, args);
  }
};

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("oakley-daemon-test-{}", ::getpid());
    fs::create_directories(dir_);
    // Distinct ports per test process: ctest runs the tests of this file in parallel.
    base_port_ = static_cast<std::uint16_t>(20000 + (::getpid() % 10000) * 4);
  }
  void TearDown() override {
    left_.reset();
    right_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<RunningDaemon> start(bool left, const std::string& extra = "") {
    auto path = dir_ / (left ? "left.conf" : "right.conf");
    write_file(path, side_config(dir_, left, base_port_, extra));
    auto d = Daemon::create({.config_path = path.string(), .control_socket = {}, .log_level = {}});
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    if (!d) return nullptr;
    auto running = std::make_unique<RunningDaemon>();
    running->control = (*d)->control_path();
    running->daemon = std::move(*d);
    running->thread = std::thread([r = running.get()] { r->daemon->run(); });
    return running;
  }

  void establish() {
    right_ = start(false);
    left_ = start(true);
    ASSERT_TRUE(left_ && right_);
    auto r = left_->call("initiate", {{"connection", "t"}, {"child", "net"}, {"timeout", 10}});
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->ok) << r->error;
  }

  fs::path dir_;
  std::uint16_t base_port_ = 0;
  std::unique_ptr<RunningDaemon> left_, right_;
};

TEST_F(DaemonTest, EstablishesAndBothSidesListTheSameSas) {
  establish();
  auto l = left_->call("list-sas");
  auto r = right_->call("list-sas");
  ASSERT_TRUE(l && r && l->ok && r->ok);
  const auto& lsa = l->result["ike_sas"].at(0);
  const auto& rsa = r->result["ike_sas"].at(0);
  EXPECT_EQ(lsa["state"], "ESTABLISHED");
  EXPECT_EQ(rsa["state"], "ESTABLISHED");
  EXPECT_EQ(lsa["initiator"], true);
  EXPECT_EQ(rsa["initiator"], false);
  EXPECT_EQ(lsa["spi_i"], rsa["spi_i"]);
  EXPECT_EQ(lsa["spi_r"], rsa["spi_r"]);
  EXPECT_EQ(lsa["algorithms"]["encr"], "AES_GCM_16");
  EXPECT_EQ(lsa["algorithms"]["dh"], "CURVE_25519");
  const auto& lc = lsa["children"].at(0);
  const auto& rc = rsa["children"].at(0);
  EXPECT_EQ(lc["state"], "INSTALLED");
  EXPECT_EQ(lc["spi_in"], rc["spi_out"]);
  EXPECT_EQ(lc["spi_out"], rc["spi_in"]);
  EXPECT_EQ(lc["local_ts"], Json::array({"10.1.0.0/24"}));
}

TEST_F(DaemonTest, InitiatingAgainReusesTheSa) {
  establish();
  auto r = left_->call("initiate", {{"connection", "t"}, {"child", "net"}, {"timeout", 10}});
  ASSERT_TRUE(r && r->ok);
  auto l = left_->call("list-sas");
  ASSERT_TRUE(l && l->ok);
  EXPECT_EQ(l->result["ike_sas"].size(), 1u);
}

TEST_F(DaemonTest, ABadReloadChangesNothingAndAGoodOneApplies) {
  establish();
  auto path = dir_ / "left.conf";
  auto good = side_config(dir_, true, base_port_);
  write_file(path, good + "connections {\n  broken {\n    no_such_key = 1\n  }\n}\n");
  auto bad = left_->call("load");
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->ok);
  EXPECT_NE(bad->error.find("left.conf:"), std::string::npos) << bad->error;
  EXPECT_NE(bad->error.find("no_such_key"), std::string::npos) << bad->error;
  auto sas = left_->call("list-sas");
  ASSERT_TRUE(sas && sas->ok);
  EXPECT_EQ(sas->result["ike_sas"].at(0)["state"], "ESTABLISHED");

  write_file(path, side_config(dir_, true, base_port_,
                               "  second {\n    remote_addrs = 127.0.0.2\n"
                               "    local { auth = psk }\n    remote { auth = psk }\n  }\n"));
  auto ok = left_->call("load");
  ASSERT_TRUE(ok && ok->ok) << (ok ? ok->error : ok.error().message);
  auto conns = left_->call("list-conns");
  ASSERT_TRUE(conns && conns->ok);
  EXPECT_EQ(conns->result["connections"].size(), 2u);
  sas = left_->call("list-sas");
  EXPECT_EQ(sas->result["ike_sas"].at(0)["state"], "ESTABLISHED");
}

TEST_F(DaemonTest, TerminateRemovesTheSasOnBothSides) {
  establish();
  auto t = left_->call("terminate", {{"connection", "t"}});
  ASSERT_TRUE(t && t->ok) << (t ? t->error : t.error().message);
  for (int i = 0; i < 50; ++i) {
    auto r = right_->call("list-sas");
    if (r && r->ok && r->result["ike_sas"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(left_->call("list-sas")->result["ike_sas"].empty());
  EXPECT_TRUE(right_->call("list-sas")->result["ike_sas"].empty());
}

// An IKEv1 SA and an IKEv2 SA in one daemon: their ids differ, and an id leads terminate and
// rekey to the engine that holds the SA.
TEST_F(DaemonTest, IdsOfBothVersionsNameOneSaEach) {
  auto v1_connection = [&](bool left) {
    auto me = left ? base_port_ : base_port_ + 2;
    auto peer = left ? base_port_ + 2 : base_port_;
    return fmt::format(R"(  t1 {{
    version = 1
    local_addrs = 127.0.0.1
    remote_addrs = 127.0.0.1
    local_port = {}
    remote_port = {}
    proposals = aes128-sha256-modp2048
    local {{
      auth = psk
      id = {}@example.test
    }}
    remote {{
      auth = psk
      id = {}@example.test
    }}
    children {{
      net1 {{
        local_ts = {}
        remote_ts = {}
        esp_proposals = aes128-sha256
      }}
    }}
  }}
)",
                       me, peer, left ? "left" : "right", left ? "right" : "left",
                       left ? "10.3.0.0/24" : "10.4.0.0/24", left ? "10.4.0.0/24" : "10.3.0.0/24");
  };
  right_ = start(false, v1_connection(false));
  left_ = start(true, v1_connection(true));
  ASSERT_TRUE(left_ && right_);
  for (const char* conn : {"t", "t1"}) {
    auto r = left_->call("initiate", {{"connection", conn}, {"timeout", 10}});
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->ok) << conn << ": " << r->error;
  }
  auto ids = [&](int version) {
    std::vector<std::uint32_t> out;
    auto l = left_->call("list-sas");
    EXPECT_TRUE(l && l->ok);
    if (!l || !l->ok) return out;
    for (const auto& sa : l->result["ike_sas"]) {
      if (sa["version"] == version) out.push_back(sa["id"].get<std::uint32_t>());
    }
    return out;
  };
  auto v1 = ids(1);
  auto v2 = ids(2);
  ASSERT_EQ(v1.size(), 1u);
  ASSERT_EQ(v2.size(), 1u);
  EXPECT_NE(v1[0], v2[0]);

  auto rekey = left_->call("rekey", {{"ike_id", v1[0]}});
  ASSERT_TRUE(rekey && rekey->ok) << (rekey ? rekey->error : rekey.error().message);
  // IKEv1 rekeys with a new ISAKMP SA, which has a new id; the IKEv2 SA is untouched.
  auto v1_rekeyed = ids(1);
  ASSERT_EQ(v1_rekeyed.size(), 1u);
  EXPECT_NE(v1_rekeyed[0], v1[0]);
  EXPECT_NE(v1_rekeyed[0], v2[0]);
  EXPECT_EQ(ids(2), v2);

  auto gone = left_->call("terminate", {{"ike_id", v2[0]}});
  ASSERT_TRUE(gone && gone->ok) << (gone ? gone->error : gone.error().message);
  EXPECT_TRUE(ids(2).empty());
  EXPECT_FALSE(ids(1).empty());
  auto none = left_->call("terminate", {{"ike_id", v2[0]}});
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->ok);
}

TEST_F(DaemonTest, StatsAndDiagnoseAnswer) {
  establish();
  auto stats = left_->call("stats");
  ASSERT_TRUE(stats && stats->ok);
  EXPECT_EQ(stats->result["ikev2"]["ike_established"], 1);
  // Every IKEv2 drop reason of the hardening is visible to the operator.
  for (const char* key :
       {"oversized_messages", "fragments_unnegotiated", "fragments_over_limit",
        "fragments_inconsistent", "fragment_retransmits_ignored", "reassemblies_expired",
        "reassemblies_superseded", "auth_proposal_mismatch", "child_ke_missing", "vips_refused",
        "cookies_rejected"}) {
    EXPECT_EQ(stats->result["ikev2"].value(key, -1), 0) << key;
  }
  // ... and every IKEv1 one.
  for (const char* key :
       {"phase1_dropped_half_open_limit", "aggressive_unverified_dropped", "dh_rate_limited",
        "fragments_unknown_sa", "fragments_unnegotiated", "fragments_over_limit",
        "fragments_inconsistent", "reassemblies_expired"}) {
    EXPECT_EQ(stats->result["ikev1"].value(key, -1), 0) << key;
  }
  EXPECT_EQ(stats->result["dataplane"]["backend"], "null");
  // revocation counters are there even when nothing was fetched (PSK tunnel)
  EXPECT_EQ(stats->result["revocation"]["ocsp_requests"], 0);
  EXPECT_EQ(stats->result["revocation"]["revoked"], 0);
  // DNS names of local_addrs/remote_addrs: none configured, nothing looked up
  EXPECT_EQ(stats->result["dns"]["names"], 0);
  EXPECT_EQ(stats->result["dns"]["lookups"], 0);
  EXPECT_EQ(stats->result["dns"]["initiate_failures"], 0);
  auto diag = left_->call("diagnose", {{"connection", "nope"}});
  ASSERT_TRUE(diag && diag->ok);
  EXPECT_EQ(diag->result["state"], "down");
  EXPECT_EQ(diag->result["findings"].at(0)["severity"], "error");
}

TEST_F(DaemonTest, AConfigWithErrorsDoesNotStart) {
  auto path = dir_ / "broken.conf";
  write_file(path, "connections {\n  t {\n    proposals = aes999-sha1-modp2048\n  }\n}\n");
  auto d = Daemon::create({.config_path = path.string(), .control_socket = {}, .log_level = {}});
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("broken.conf:3"), std::string::npos) << d.error().message;
}

// Started by systemd as a Type=notify service: READY=1 once the control socket answers, STATUS=
// with the SAs it holds, STOPPING=1 when the graceful shutdown begins.
TEST_F(DaemonTest, TellsSystemdWhenReadyWhatItHoldsAndWhenItStops) {
  testing::NotifySocket systemd(dir_ / "notify");
  ASSERT_TRUE(systemd.ok());
  right_ = start(false);
  // sd_notify reads the variable at every call, as systemd leaves it set for our lifetime.
  ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
  struct Unset {
    ~Unset() { ::unsetenv("NOTIFY_SOCKET"); }
  } unset;
  left_ = start(true);
  ASSERT_TRUE(left_ && right_);
  EXPECT_EQ(systemd.receive(),
            "READY=1\nSTATUS=0 IKE SAs up, 0 connecting; 0 CHILD SAs; 1 connection loaded");
  auto up = left_->call("initiate", {{"connection", "t"}, {"child", "net"}, {"timeout", 10}});
  ASSERT_TRUE(up && up->ok);
  // The periodic check or the reload's recount, whichever comes first, reports the new SAs.
  auto reload = left_->call("load");
  ASSERT_TRUE(reload && reload->ok);
  EXPECT_EQ(systemd.receive(), "STATUS=1 IKE SA up, 0 connecting; 1 CHILD SA; 1 connection loaded");
  left_.reset();
  EXPECT_EQ(systemd.receive(), "STOPPING=1\nSTATUS=shutting down: deleting every SA");
}

}  // namespace
}  // namespace oakley::daemon
