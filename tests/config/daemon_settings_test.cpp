#include <gtest/gtest.h>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::load_error;
using testing::load_ok;

TEST(DaemonSettings, Defaults) {
  DaemonSettings d = load_ok("").daemon;
  ASSERT_EQ(d.listen.size(), 2u);
  EXPECT_TRUE(d.listen[0].is_v4() && d.listen[0].is_unspecified());
  EXPECT_TRUE(d.listen[1].is_v6() && d.listen[1].is_unspecified());
  EXPECT_EQ(d.port, 500);
  EXPECT_EQ(d.port_nat_t, 4500);
  EXPECT_EQ(d.retransmit_tries, 5u);
  EXPECT_EQ(d.retransmit_timeout, std::chrono::milliseconds(4000));
  EXPECT_DOUBLE_EQ(d.retransmit_base, 1.8);
  EXPECT_EQ(d.retransmit_jitter, 0u);
  EXPECT_TRUE(d.dos_protection);
  EXPECT_EQ(d.cookie_threshold, 30u);
  EXPECT_EQ(d.cookie_threshold_ip, 3u);
  EXPECT_EQ(d.block_threshold, 5u);
  EXPECT_EQ(d.ikev1_half_open_limit, 1000u);
  EXPECT_EQ(d.ikev1_dh_rate, 100u);
  EXPECT_EQ(d.replay_window, 64u);
  EXPECT_EQ(d.dataplane, Dataplane::kTun);
  EXPECT_EQ(d.tun_name, "oakley");
  EXPECT_TRUE(d.install_routes);
  EXPECT_EQ(d.routing_table, 220u);
  EXPECT_EQ(d.fwmark, 0x220u);
  EXPECT_EQ(d.keep_alive, Seconds{20});
  EXPECT_EQ(d.log_level, log::Level::kInfo);
  EXPECT_FALSE(d.aggressive_mode_psk);
}

TEST(DaemonSettings, EveryKey) {
  DaemonSettings d =
      load_ok(
          "oakley {\n  listen = 192.0.2.1, 2001:db8::1\n  port = 5000\n"
          "  port_nat_t = 5001\n  retransmit_tries = 3\n"
          "  retransmit_timeout = 0.5\n  retransmit_base = 2\n"
          "  retransmit_jitter = 20\n  retransmit_limit = 30\n"
          "  half_open_timeout = 10s\n  dos_protection = no\n"
          "  cookie_threshold = 100\n  cookie_threshold_ip = 10\n"
          "  block_threshold = 20\n  init_limit_half_open = 1000\n"
          "  ikev1_half_open_limit = 500\n  ikev1_dh_rate = 7\n"
          "  i_dont_care_about_security_and_use_aggressive_mode_psk = yes\n"
          "  control_socket = /tmp/oak.sock\n  replay_window = 1024\n"
          "  dataplane = none\n  tun_name = ipsec\n  tun_mtu = 1300\n"
          "  worker_threads = 4\n  dataplane_threads = 2\n"
          "  install_routes = no\n  routing_table = 100\n"
          "  routing_table_prio = 101\n  fwmark = 0x42\n  keep_alive = 0\n  fragment_size = 1400\n"
          "  log_level = debug\n  ikesa_table_size = 4096\n}\n")
          .daemon;
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.listen.size(), 2u);
  EXPECT_EQ(d.port, 5000);
  EXPECT_EQ(d.port_nat_t, 5001);
  EXPECT_EQ(d.retransmit_tries, 3u);
  EXPECT_EQ(d.retransmit_timeout, std::chrono::milliseconds(500));
  EXPECT_DOUBLE_EQ(d.retransmit_base, 2.0);
  EXPECT_EQ(d.retransmit_jitter, 20u);
  EXPECT_EQ(d.retransmit_limit, std::chrono::milliseconds(30000));
  EXPECT_EQ(d.half_open_timeout, Seconds{10});
  EXPECT_FALSE(d.dos_protection);
  EXPECT_EQ(d.cookie_threshold, 100u);
  EXPECT_EQ(d.cookie_threshold_ip, 10u);
  EXPECT_EQ(d.block_threshold, 20u);
  EXPECT_EQ(d.init_limit_half_open, 1000u);
  EXPECT_EQ(d.ikev1_half_open_limit, 500u);
  EXPECT_EQ(d.ikev1_dh_rate, 7u);
  EXPECT_TRUE(d.aggressive_mode_psk);
  EXPECT_EQ(d.control_socket, "/tmp/oak.sock");
  EXPECT_EQ(d.replay_window, 1024u);
  EXPECT_EQ(d.dataplane, Dataplane::kNone);
  EXPECT_EQ(d.tun_name, "ipsec");
  EXPECT_EQ(d.tun_mtu, 1300u);
  EXPECT_EQ(d.worker_threads, 4u);
  EXPECT_EQ(d.dataplane_threads, 2u);
  EXPECT_FALSE(d.install_routes);
  EXPECT_EQ(d.routing_table, 100u);
  EXPECT_EQ(d.routing_table_prio, 101u);
  EXPECT_EQ(d.fwmark, 0x42u);
  EXPECT_EQ(d.keep_alive, Seconds{0});
  EXPECT_EQ(d.fragment_size, 1400u);
  EXPECT_EQ(d.log_level, log::Level::kDebug);
  EXPECT_EQ(d.ikesa_table_size, 4096u);
}

TEST(DaemonSettings, Errors) {
  EXPECT_EQ(load_error("oakley {\n  dataplane = kernel\n}\n"),
            "swanctl.conf:2: invalid dataplane 'kernel' in the oakley section: expected tun, "
            "xfrm or none");
  EXPECT_EQ(load_error("oakley {\n  half_open_cookie_threshold = 10\n}\n"),
            "swanctl.conf:2: unknown key 'half_open_cookie_threshold' in the oakley section (the "
            "cookie threshold is 'cookie_threshold')");
  EXPECT_EQ(load_error("oakley {\n  retransmit_tries = many\n}\n"),
            "swanctl.conf:2: invalid retransmit_tries 'many' in the oakley section: expected a "
            "number from 0 to 100");
  EXPECT_EQ(load_error("oakley {\n  tun_name = this-name-is-too-long\n}\n"),
            "swanctl.conf:2: invalid tun_name 'this-name-is-too-long' in the oakley section: "
            "expected up to 12 letters, digits, '-' or '_' (the interface number is appended)");
  EXPECT_EQ(load_error("oakley {\n  control_socket = oakley.sock\n}\n"),
            "swanctl.conf:2: invalid control_socket 'oakley.sock' in the oakley section: "
            "expected an absolute path");
  EXPECT_EQ(load_error("oakley {\n  log_level = verbose\n}\n"),
            "swanctl.conf:2: invalid log_level 'verbose' in the oakley section: expected error, "
            "warn, info, debug or trace");
  EXPECT_EQ(load_error("oakley {\n  listen = eth0\n}\n"),
            "swanctl.conf:2: invalid listen 'eth0' in the oakley section: 'eth0': DNS names are "
            "not supported here (only local_addrs and remote_addrs take them); use an IP "
            "address");
}

// A rule "not fwmark 0" matches nothing: routes in a table of our own would be unreachable.
TEST(DaemonSettings, AnOwnRoutingTableNeedsAMark) {
  EXPECT_EQ(load_error("oakley {\n  routing_table = 100\n  fwmark = 0\n}\n"),
            "swanctl.conf:3: fwmark = 0 in the oakley section: the rule to routing_table 100 "
            "needs a mark for oakleyd's own IKE and ESP packets to skip it, and without one it "
            "matches no packet; set a nonzero fwmark, or routing_table = 254 to route in the "
            "main table");
  EXPECT_EQ(load_ok("oakley {\n  routing_table = 254\n  fwmark = 0\n}\n").daemon.fwmark, 0u);
  EXPECT_EQ(load_ok("oakley {\n  routing_table = 0\n  fwmark = 0\n}\n").daemon.fwmark, 0u);
  EXPECT_EQ(load_ok("oakley {\n  install_routes = no\n  fwmark = 0\n}\n").daemon.fwmark, 0u);
  EXPECT_EQ(load_ok("oakley {\n  dataplane = xfrm\n  fwmark = 0\n}\n").daemon.fwmark, 0u);
}

// What one peer may make us hold per IKEv2 message (max_packet as charon's; RFC 7383 fragments).
TEST(DaemonSettings, MessageSizeLimits) {
  DaemonSettings d = load_ok("").daemon;
  EXPECT_EQ(d.max_packet, 10000u);
  EXPECT_EQ(d.max_fragments, 32u);
  d = load_ok("oakley {\n  max_packet = 20000\n  max_fragments = 64\n}\n").daemon;
  EXPECT_EQ(d.max_packet, 20000u);
  EXPECT_EQ(d.max_fragments, 64u);
  EXPECT_EQ(load_error("oakley {\n  max_packet = 1000\n}\n"),
            "swanctl.conf:2: invalid max_packet '1000' in the oakley section: expected a number "
            "from 1280 to 65535");
  EXPECT_EQ(load_error("oakley {\n  max_fragments = 0\n}\n"),
            "swanctl.conf:2: invalid max_fragments '0' in the oakley section: expected a number "
            "from 1 to 65535");
}

TEST(DaemonSettings, MetricsAndKeyExport) {
  DaemonSettings off = load_ok("").daemon;
  EXPECT_FALSE(off.metrics);
  EXPECT_FALSE(off.keys_exported());
  DaemonSettings v4 =
      load_ok("oakley {\n  metrics = 127.0.0.1:9101\n  export_keys = yes\n}\n").daemon;
  ASSERT_TRUE(v4.metrics);
  EXPECT_EQ(v4.metrics->to_string(), "127.0.0.1[9101]");
  EXPECT_TRUE(v4.keys_exported());
  EXPECT_TRUE(v4.export_keys_dir.empty());
  DaemonSettings v6 =
      load_ok("oakley {\n  metrics = [::1]:0\n  export_keys_dir = /var/lib/oakley/ws\n}\n").daemon;
  ASSERT_TRUE(v6.metrics);
  EXPECT_TRUE(v6.metrics->address.is_v6());
  EXPECT_EQ(v6.metrics->port, 0);
  EXPECT_TRUE(v6.keys_exported());
  EXPECT_EQ(load_error("oakley {\n  metrics = 9101\n}\n"),
            "swanctl.conf:2: invalid metrics '9101' in the oakley section: expected ADDRESS:PORT "
            "such as 127.0.0.1:9101");
  EXPECT_EQ(load_error("oakley {\n  metrics = ::1:9101\n}\n"),
            "swanctl.conf:2: invalid metrics '::1:9101' in the oakley section: write an IPv6 "
            "address in brackets: [::1]:9101");
  EXPECT_EQ(load_error("oakley {\n  metrics = 127.0.0.1:99999\n}\n"),
            "swanctl.conf:2: invalid metrics '127.0.0.1:99999' in the oakley section: expected a "
            "port from 0 to 65535 after the ':'");
  EXPECT_EQ(load_error("oakley {\n  export_keys_dir = keys\n}\n"),
            "swanctl.conf:2: invalid export_keys_dir 'keys' in the oakley section: expected an "
            "absolute path");
}

}  // namespace
}  // namespace oakley::config
