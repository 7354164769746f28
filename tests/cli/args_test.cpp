#include "cli/args.hpp"

#include <gtest/gtest.h>

namespace oakley::cli {
namespace {

Invocation parse_ok(std::vector<std::string> args) {
  auto parsed = parse_args(args, kDefaultControlPath);
  EXPECT_TRUE(parsed.invocation) << parsed.output;
  return parsed.invocation.value_or(Invocation{});
}

int parse_exit(std::vector<std::string> args) {
  auto parsed = parse_args(args, kDefaultControlPath);
  EXPECT_FALSE(parsed.invocation);
  return parsed.exit_code;
}

TEST(Args, SimpleCommands) {
  for (const char* command : {"load", "list-conns", "stats", "version"}) {
    auto inv = parse_ok({command});
    EXPECT_EQ(inv.command, command);
    EXPECT_EQ(inv.args, Json::object());
    EXPECT_EQ(inv.control_path, kDefaultControlPath);
    EXPECT_FALSE(inv.json_output);
  }
}

TEST(Args, ControlPathAndJsonBeforeOrAfterTheCommand) {
  auto before = parse_ok({"--control", "/tmp/x.ctl", "--json", "stats"});
  EXPECT_EQ(before.control_path, "/tmp/x.ctl");
  EXPECT_TRUE(before.json_output);
  auto after = parse_ok({"list-sas", "--json", "--control", "/tmp/y.ctl"});
  EXPECT_EQ(after.control_path, "/tmp/y.ctl");
  EXPECT_TRUE(after.json_output);
  auto env = parse_args({"stats"}, "/run/other.ctl");
  EXPECT_EQ(env.invocation->control_path, "/run/other.ctl");
}

TEST(Args, ListSasFilter) {
  EXPECT_EQ(parse_ok({"list-sas"}).args, Json::object());
  EXPECT_EQ(parse_ok({"list-sas", "--ike", "t"}).args, (Json{{"ike", "t"}}));
}

TEST(Args, InitiateTargetsAndTimeout) {
  auto conn = parse_ok({"initiate", "t"});
  EXPECT_EQ(conn.args, (Json{{"connection", "t"}, {"timeout", 60}}));
  EXPECT_EQ(conn.timeout, std::chrono::seconds(70));
  auto child = parse_ok({"initiate", "t/net", "--timeout", "5"});
  EXPECT_EQ(child.args, (Json{{"connection", "t"}, {"child", "net"}, {"timeout", 5}}));
  EXPECT_EQ(child.timeout, std::chrono::seconds(15));
  EXPECT_EQ(parse_exit({"initiate"}), 2);
  EXPECT_EQ(parse_exit({"initiate", "t/"}), 2);
  EXPECT_EQ(parse_exit({"initiate", "/net"}), 2);
  EXPECT_EQ(parse_exit({"initiate", "t", "--timeout", "0"}), 2);
}

TEST(Args, TerminateNeedsExactlyOneTarget) {
  EXPECT_EQ(parse_ok({"terminate", "t"}).args, (Json{{"connection", "t"}}));
  EXPECT_EQ(parse_ok({"terminate", "--ike-id", "4"}).args, (Json{{"ike_id", 4}}));
  EXPECT_EQ(parse_ok({"terminate", "--child", "t/net"}).args,
            (Json{{"connection", "t"}, {"child", "net"}}));
  EXPECT_EQ(parse_exit({"terminate"}), 2);
  EXPECT_EQ(parse_exit({"terminate", "t", "--ike-id", "4"}), 2);
  EXPECT_EQ(parse_exit({"terminate", "--child", "t"}), 2);
  EXPECT_EQ(parse_exit({"terminate", "--ike-id", "0"}), 2);
}

TEST(Args, Rekey) {
  EXPECT_EQ(parse_ok({"rekey", "t"}).args, (Json{{"connection", "t"}}));
  EXPECT_EQ(parse_ok({"rekey", "t/net"}).args, (Json{{"connection", "t"}, {"child", "net"}}));
  EXPECT_EQ(parse_ok({"rekey", "--ike-id", "9"}).args, (Json{{"ike_id", 9}}));
  EXPECT_EQ(parse_exit({"rekey"}), 2);
  EXPECT_EQ(parse_exit({"rekey", "t", "--ike-id", "9"}), 2);
}

TEST(Args, LogLevelAndTrace) {
  EXPECT_EQ(parse_ok({"log-level", "debug"}).args, (Json{{"level", "debug"}}));
  EXPECT_EQ(parse_ok({"log-level", "trace", "ike"}).args,
            (Json{{"level", "trace"}, {"subsystem", "ike"}}));
  EXPECT_EQ(parse_exit({"log-level", "loud"}), 2);
  auto trace = parse_ok({"trace"});
  EXPECT_EQ(trace.command, "trace");
  EXPECT_FALSE(trace.timeout);  // streams until interrupted
  EXPECT_EQ(parse_ok({"trace", "--level", "debug"}).args, (Json{{"level", "debug"}}));
}

TEST(Args, TraceOfOnePeerOrConnection) {
  EXPECT_EQ(parse_ok({"trace", "--peer", "192.0.2.1"}).args, (Json{{"peer", "192.0.2.1"}}));
  EXPECT_EQ(parse_ok({"trace", "--connection", "site-b"}).args, (Json{{"connection", "site-b"}}));
  auto both = parse_ok(
      {"trace", "--connection", "site-b", "--peer", "2001:db8::2", "--level", "debug", "--json"});
  EXPECT_EQ(both.args,
            (Json{{"connection", "site-b"}, {"peer", "2001:db8::2"}, {"level", "debug"}}));
  EXPECT_TRUE(both.json_output);
  EXPECT_FALSE(both.timeout);
  EXPECT_EQ(parse_exit({"trace", "--peer", "gw.example.org"}), 2);  // an address, not a name
  EXPECT_EQ(parse_exit({"trace", "--peer"}), 2);
  EXPECT_EQ(parse_exit({"trace", "--level", "loud", "--peer", "192.0.2.1"}), 2);
}

TEST(Args, Diagnose) {
  EXPECT_EQ(parse_ok({"diagnose", "t"}).args, (Json{{"connection", "t"}}));
  EXPECT_EQ(parse_exit({"diagnose"}), 2);
}

TEST(Args, UsageErrorsAndHelp) {
  EXPECT_EQ(parse_exit({}), 2);
  EXPECT_EQ(parse_exit({"frobnicate"}), 2);
  EXPECT_EQ(parse_exit({"stats", "extra"}), 2);
  EXPECT_EQ(parse_exit({"--bogus", "stats"}), 2);
  auto help = parse_args({"--help"}, kDefaultControlPath);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("list-sas"), std::string::npos);
  auto sub_help = parse_args({"initiate", "--help"}, kDefaultControlPath);
  EXPECT_EQ(sub_help.exit_code, 0);
  EXPECT_NE(sub_help.output.find("--timeout"), std::string::npos);
}

TEST(Args, ExportKeysSendsAbsolutePaths) {
  auto inv = parse_ok({"export-keys", "--ike", "/tmp/k/ikev2", "--esp", "rel/esp_sa"});
  EXPECT_EQ(inv.command, "export-keys");
  EXPECT_EQ(inv.args["ikev2"], "/tmp/k/ikev2");
  auto esp = inv.args["esp"].get<std::string>();
  EXPECT_EQ(esp.front(), '/');
  EXPECT_TRUE(esp.ends_with("/rel/esp_sa")) << esp;
  EXPECT_FALSE(inv.args.contains("ikev1"));
  auto dir = parse_ok({"export-keys", "--dir", "/tmp/profile/../keys"});
  EXPECT_EQ(dir.args, (Json{{"dir", "/tmp/keys"}}));
  EXPECT_EQ(parse_exit({"export-keys"}), 2);
}

}  // namespace
}  // namespace oakley::cli
