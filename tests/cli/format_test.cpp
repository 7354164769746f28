#include "cli/format.hpp"

#include <gtest/gtest.h>

#include "sample_json.hpp"

namespace oakley::cli {
namespace {

TEST(FormatDuration, UnitsByMagnitude) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(12), "12s");
  EXPECT_EQ(format_duration(59), "59s");
  EXPECT_EQ(format_duration(60), "1m");
  EXPECT_EQ(format_duration(3100), "51m");
  EXPECT_EQ(format_duration(3599), "59m");
  EXPECT_EQ(format_duration(3600), "1h");
  EXPECT_EQ(format_duration(3960), "1h6m");
  EXPECT_EQ(format_duration(14388), "3h59m");
  EXPECT_EQ(format_duration(86400), "1d");
  EXPECT_EQ(format_duration(2 * 86400 + 3 * 3600 + 59), "2d3h");
  EXPECT_EQ(format_duration(-5), "0s");
}

TEST(FormatSas, MatchesSwanctlLayout) {
  EXPECT_EQ(format_sas(Json::parse(testing::kListSas)), testing::kListSasText);
}

TEST(FormatSas, ResponderMarksItsOwnSpi) {
  auto result = Json::parse(testing::kListSas);
  result["ike_sas"][0]["role"] = "responder";
  auto text = format_sas(result);
  EXPECT_NE(text.find("6a5c0b3d9e2f1a4b_i 2f8e11c0aa9b3d55_r*\n"), std::string::npos) << text;
}

TEST(FormatSas, AbsentFieldsLeaveNoGaps) {
  auto text = format_sas(Json::parse(R"({"ike_sas": [{"connection": "t", "state": "CONNECTING",
      "version": 2, "role": "initiator", "spi_i": "aa", "spi_r": null,
      "remote": "192.0.2.2[500]", "children": [{"name": "net", "state": "CREATED"}]}]})"));
  EXPECT_EQ(text,
            "t: CONNECTING, IKEv2, aa_i*\n"
            "  remote 192.0.2.2[500]\n"
            "  net: CREATED\n");
}

TEST(FormatSas, AnSaThatIsNotUpSaysWhatItWaitsFor) {
  auto text = format_sas(Json::parse(R"({"ike_sas": [{"connection": "t", "state": "CONNECTING",
      "version": 2, "role": "initiator", "spi_i": "aa", "remote": "192.0.2.2[4500]",
      "summary": "waiting for the answer to IKE_AUTH (message 1) from 192.0.2.2[4500]"}]})"));
  EXPECT_EQ(text,
            "t: CONNECTING, IKEv2, aa_i*\n"
            "  waiting for the answer to IKE_AUTH (message 1) from 192.0.2.2[4500]\n"
            "  remote 192.0.2.2[4500]\n");
  // An established SA has a null summary: nothing is printed for it.
  auto up = Json::parse(testing::kListSas);
  up["ike_sas"][0]["summary"] = nullptr;
  EXPECT_EQ(format_sas(up), testing::kListSasText);
}

TEST(FormatSas, IntegrityAndPfsAndEsnShow) {
  auto text = format_sas(Json::parse(R"({"ike_sas": [{"connection": "c", "children": [
      {"name": "n", "protocol": "ESP", "mode": "TRANSPORT", "udp_encap": false,
       "algorithms": {"encr": "AES_CBC", "encr_key_bits": 256, "integ": "HMAC_SHA2_256_128",
                      "dh": "MODP_2048", "esn": true}}]}]})"));
  EXPECT_NE(text.find("n: TRANSPORT, ESP:AES_CBC-256/HMAC_SHA2_256_128/MODP_2048/ESN\n"),
            std::string::npos)
      << text;
}

// RFC 9370: the additional key exchanges follow the first one, NONE never listed.
TEST(FormatSas, AdditionalKeyExchangesShow) {
  auto text = format_sas(Json::parse(R"({"ike_sas": [{"connection": "c", "children": [
      {"name": "n", "protocol": "ESP", "mode": "TUNNEL", "udp_encap": false,
       "algorithms": {"encr": "AES_GCM_16", "encr_key_bits": 128, "dh": "CURVE_25519",
                      "additional_kes": ["KE1_ECP_384", "KE2_MODP_3072"]}}]}]})"));
  EXPECT_NE(text.find("n: TUNNEL, ESP:AES_GCM_16-128/CURVE_25519/KE1_ECP_384/KE2_MODP_3072\n"),
            std::string::npos)
      << text;
}

TEST(FormatSas, EmptyAndNonsenseInputDoNotThrow) {
  EXPECT_EQ(format_sas(Json::parse(R"({"ike_sas": []})")), "no IKE SAs\n");
  EXPECT_EQ(format_sas(Json()), "no IKE SAs\n");
  EXPECT_NO_THROW(format_sas(Json::parse(R"({"ike_sas": [1, "x", {"id": "one",
      "algorithms": 5, "children": {"a": 1}, "local_ts": 3}]})")));
}

TEST(FormatConns, MatchesSwanctlLayout) {
  EXPECT_EQ(format_conns(Json::parse(testing::kListConns)), testing::kListConnsText);
}

TEST(FormatConns, AnyAddressAndOtherAuth) {
  auto text = format_conns(Json::parse(R"({"connections": [{"name": "rw", "version": 0,
      "local": {"auth": "pubkey", "id": "gw", "certs": ["gw.pem"]}, "remote": {"auth": "eap-mschapv2"}}]})"));
  EXPECT_EQ(text,
            "rw: IKEv1/2\n"
            "  local:  %any\n"
            "  remote: %any\n"
            "  local public key authentication:\n"
            "    id: gw\n"
            "    certs: gw.pem\n"
            "  remote EAP (eap-mschapv2) authentication:\n");
  EXPECT_EQ(format_conns(Json::object()), "no connections loaded\n");
}

TEST(FormatTree, NestedStats) {
  auto stats = Json::parse(R"({"ike": {"sas": 3, "half_open": 0, "by_state": {"ESTABLISHED": 3}},
      "net": {"rx_datagrams": 10, "addresses": ["0.0.0.0", "::"]}, "uptime": "1h",
      "workers": [{"busy": true}, {"busy": false}], "none": null, "empty": {}})");
  EXPECT_EQ(format_tree(stats),
            "empty: -\n"
            "ike:\n"
            "  by_state:\n"
            "    ESTABLISHED: 3\n"
            "  half_open: 0\n"
            "  sas: 3\n"
            "net:\n"
            "  addresses: 0.0.0.0, ::\n"
            "  rx_datagrams: 10\n"
            "none: -\n"
            "uptime: 1h\n"
            "workers:\n"
            "  [0]:\n"
            "    busy: true\n"
            "  [1]:\n"
            "    busy: false\n");
}

TEST(FormatDiagnose, OneMarkedLinePerFinding) {
  EXPECT_EQ(format_diagnose(Json::parse(testing::kDiagnose)), testing::kDiagnoseText);
  EXPECT_EQ(format_diagnose(Json::parse(R"({"connection": "t", "state": "up", "findings": []})")),
            "t: up\n  no findings\n");
}

TEST(FormatDiagnose, EvidenceAndFixUnderTheirFinding) {
  auto text = format_diagnose(Json::parse(R"({"connection": "t", "state": "down", "findings": [
      {"severity": "error", "code": "udp4500-blocked", "text": "UDP 4500 is blocked",
       "evidence": ["IKE_SA_INIT answered on UDP 500", "IKE_AUTH unanswered on UDP 4500"],
       "fix": "let UDP 4500 pass"},
      {"severity": "info", "code": null, "text": "plain", "evidence": [], "fix": null}]})"));
  EXPECT_EQ(text,
            "t: down\n"
            "  [x] UDP 4500 is blocked\n"
            "      evidence: IKE_SA_INIT answered on UDP 500\n"
            "      evidence: IKE_AUTH unanswered on UDP 4500\n"
            "      fix: let UDP 4500 pass\n"
            "  [i] plain\n");
}

TEST(FormatMessage, MessageOrTree) {
  EXPECT_EQ(format_message(Json{{"message", "configuration reloaded: 3 connections"}}),
            "configuration reloaded: 3 connections\n");
  EXPECT_EQ(format_message(Json::object()), "");
  EXPECT_EQ(format_message(Json{{"ike_id", 4}}), "ike_id: 4\n");
}

TEST(FormatEvent, LogEventsLookLikeDaemonLogLines) {
  EXPECT_EQ(
      format_event(Json::parse(
          R"({"id": 1, "event": "log", "level": "info", "subsystem": "ike", "message": "sending IKE_SA_INIT"})")),
      "info  [ike] sending IKE_SA_INIT\n");
  EXPECT_EQ(format_event(Json::parse(R"({"id": 1, "event": "progress", "message": "half way"})")),
            "half way\n");
}

TEST(FormatResult, PicksTheFormatterByCommand) {
  EXPECT_EQ(format_result("list-sas", Json::parse(testing::kListSas)), testing::kListSasText);
  EXPECT_EQ(format_result("diagnose", Json::parse(testing::kDiagnose)), testing::kDiagnoseText);
  EXPECT_EQ(format_result("terminate", Json{{"message", "closed"}}), "closed\n");
}

}  // namespace
}  // namespace oakley::cli
