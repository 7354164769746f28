#include "control/protocol.hpp"

#include <gtest/gtest.h>

namespace oakley::control {
namespace {

TEST(Protocol, ParsesARequest) {
  auto r = parse_request(R"({"id": 7, "command": "list-sas", "args": {"ike": "t"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, 7u);
  EXPECT_EQ(r->command, "list-sas");
  EXPECT_EQ(r->args, (Json{{"ike", "t"}}));
}

TEST(Protocol, ArgsDefaultToEmptyObject) {
  for (const char* line :
       {R"({"id": 1, "command": "stats"})", R"({"id": 1, "command": "stats", "args": null})"}) {
    auto r = parse_request(line);
    ASSERT_TRUE(r.ok()) << line;
    EXPECT_TRUE(r->args.is_object() && r->args.empty());
  }
}

TEST(Protocol, RefusesMalformedRequestsWithReasons) {
  struct Case {
    const char* line;
    const char* reason;
  } cases[] = {
      {"", "not valid JSON"},
      {"{\"id\": 1, ", "not valid JSON"},
      {"[1, 2]", "JSON object"},
      {R"({"command": "stats"})", "no \"id\""},
      {R"({"id": -1, "command": "stats"})", "non-negative"},
      {R"({"id": "1", "command": "stats"})", "non-negative"},
      {R"({"id": 1.5, "command": "stats"})", "non-negative"},
      {R"({"id": 1})", "\"command\""},
      {R"({"id": 1, "command": ""})", "\"command\""},
      {R"({"id": 1, "command": 5})", "\"command\""},
      {R"({"id": 1, "command": "x", "args": [1]})", "\"args\""},
      {"\"\xff\"", "not valid JSON"},
  };
  for (const auto& c : cases) {
    auto r = parse_request(c.line);
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_NE(r.error().message.find(c.reason), std::string::npos)
        << c.line << " -> " << r.error().message;
  }
}

TEST(Protocol, RefusesDeepNestingBeforeParsing) {
  std::string deep = R"({"id": 1, "command": "x", "args": {"a": )" + std::string(100, '[') +
                     std::string(100, ']') + "}}";
  auto r = parse_request(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nested"), std::string::npos);
  // Brackets inside strings do not count.
  auto ok = parse_request(R"({"id": 1, "command": "x", "args": {"a": ")" + std::string(100, '[') +
                          "\"}}");
  EXPECT_TRUE(ok.ok());
}

TEST(Protocol, RequestIdIsEchoedWhenReadable) {
  auto parsed = parse_json_line(R"({"id": 42, "command": 1})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(request_id(*parsed), 42u);
  EXPECT_EQ(request_id(Json::parse(R"({"id": -3})")), 0u);
  EXPECT_EQ(request_id(Json::array()), 0u);
}

TEST(Protocol, SerialisesResponsesAsSingleLines) {
  EXPECT_EQ(ok_line(3, {{"message", "done"}}),
            "{\"id\":3,\"ok\":true,\"result\":{\"message\":\"done\"}}\n");
  EXPECT_EQ(ok_line(3, nullptr), "{\"id\":3,\"ok\":true,\"result\":{}}\n");
  EXPECT_EQ(error_line(4, "no such\nconnection"),
            "{\"error\":\"no such\\nconnection\",\"id\":4,\"ok\":false}\n");
  EXPECT_EQ(
      event_line(5, log_event(log::Level::kInfo, "ike", "hi")),
      "{\"event\":\"log\",\"id\":5,\"level\":\"info\",\"message\":\"hi\",\"subsystem\":\"ike\"}\n");
}

TEST(Protocol, LogEventCarriesTheLinesContext) {
  log::Context c;
  c.connection = "site-b";
  c.sa_id = 3;
  c.peer = IpAddress::parse("192.0.2.2");
  c.spi_i = 0x1a2b3c4d5e6f7081;
  c.child_spi_in = 0xc1;
  auto with = log_event({log::Level::kDebug, "ike", "<site-b|3> [...] hi", &c});
  EXPECT_EQ(with["message"], "<site-b|3> [...] hi");
  EXPECT_EQ(with["level"], "debug");
  EXPECT_EQ(with["connection"], "site-b");
  EXPECT_EQ(with["ike_id"], 3);
  EXPECT_EQ(with["peer"], "192.0.2.2");
  EXPECT_EQ(with["ike_spi_i"], "1a2b3c4d5e6f7081");
  EXPECT_EQ(with["ike_spi_r"], "0000000000000000");
  EXPECT_EQ(with["child_spi_in"], "000000c1");
  EXPECT_EQ(with["child_spi_out"], "00000000");
  log::Context header;  // a datagram's: peer and SPIs only
  header.peer = IpAddress::parse("2001:db8::1");
  header.spi_i = 1;
  auto partial = log_event({log::Level::kInfo, "ike", "x", &header});
  EXPECT_FALSE(partial.contains("connection"));
  EXPECT_FALSE(partial.contains("ike_id"));
  EXPECT_FALSE(partial.contains("child_spi_in"));
  EXPECT_EQ(partial["peer"], "2001:db8::1");
  auto none = log_event({log::Level::kInfo, "net", "y", nullptr});
  EXPECT_EQ(none, log_event(log::Level::kInfo, "net", "y"));
}

TEST(Protocol, InvalidUtf8IsReplacedNotThrown) {
  std::string line = error_line(1, "peer id \xff\xfe");
  EXPECT_EQ(line.back(), '\n');
  auto parsed = parse_json_line(line.substr(0, line.size() - 1));
  EXPECT_TRUE(parsed.ok());
}

TEST(Protocol, ClientReadsEventsAndFinals) {
  auto event = parse_server_message(R"({"id": 2, "event": "log", "message": "x"})");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->kind, ServerMessage::Kind::kEvent);
  EXPECT_EQ(event->id, 2u);
  auto final = parse_server_message(R"({"id": 2, "ok": false, "error": "no"})");
  ASSERT_TRUE(final.ok());
  EXPECT_EQ(final->kind, ServerMessage::Kind::kFinal);
  EXPECT_FALSE(parse_server_message(R"({"id": 2})").ok());
  EXPECT_FALSE(parse_server_message("[]").ok());
}

TEST(Protocol, RequestLineRoundTrips) {
  auto r = parse_request(request_line(9, "initiate", {{"connection", "t"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, 9u);
  EXPECT_EQ(r->command, "initiate");
  EXPECT_EQ(r->args["connection"], "t");
}

}  // namespace
}  // namespace oakley::control
