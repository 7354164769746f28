// The Prometheus text page of a known snapshot, byte for byte: names, HELP/TYPE, labels, escaping.
#include "daemon/metrics_text.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace oakley::daemon {
namespace {

MetricsSnapshot known_snapshot() {
  MetricsSnapshot s;
  s.uptime_seconds = 42;
  s.ike_sas = {{1, "established", 0}, {2, "connecting", 1}, {2, "established", 3}};
  s.child_sas = {{1, "installed", 0}, {2, "installed", 4}};
  s.child_traffic = {{"site\"b\\", "net\n", {1000, 2000, 10, 20}}};
  s.engines[0] = {.version = 2,
                  .half_open = 5,
                  .retransmits_sent = 6,
                  .retransmits_answered = 7,
                  .cookies_sent = 8,
                  .ike_rekeys = 9,
                  .child_rekeys = 10,
                  .auth_failures = 11,
                  .ike_established = 12,
                  .ike_failed = 13,
                  .child_installed = 14,
                  .child_deleted = 15,
                  .dpd_sent = 16,
                  .peers_dead = 17};
  s.engines[1] = {.version = 1, .auth_failures = 1};
  s.messages = {{2, "IKE_SA_INIT", "in", "processed", 3}, {1, "other", "in", "invalid", 2}};
  s.dataplane.packets_in = 100;
  s.dataplane.bytes_in = 1500;
  s.dataplane.packets_out = 200;
  s.dataplane.bytes_out = 2500;
  s.dataplane.drops[static_cast<std::size_t>(dataplane::DropReason::kReplay)] = 3;
  dataplane::DataplaneStats thread0;
  thread0.packets_in = 60;
  thread0.drops[static_cast<std::size_t>(dataplane::DropReason::kAuthFailed)] = 2;
  thread0.drops[static_cast<std::size_t>(dataplane::DropReason::kReplay)] = 1;
  s.dataplane_threads = {thread0, {}};
  s.crypto_threads = 2;
  s.crypto_queued = 1;
  s.crypto_completed = 99;
  return s;
}

std::string expected_page() {
  std::ifstream in(std::string(OAKLEY_TEST_DATA) + "/daemon/metrics_known_snapshot.txt");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(MetricsText, KnownSnapshotRendersExactly) {
  auto page = render_metrics(known_snapshot());
  if (getenv("OAKLEY_PRINT_METRICS")) std::fputs(page.c_str(), stdout);
  EXPECT_EQ(page, expected_page());
}

TEST(MetricsText, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label_value("plain-name_1"), "plain-name_1");
  EXPECT_EQ(escape_label_value("a\"b"), "a\\\"b");
  EXPECT_EQ(escape_label_value("a\\b"), "a\\\\b");
  EXPECT_EQ(escape_label_value("a\nb"), "a\\nb");
}

TEST(MetricsText, EveryFamilyHasHelpAndTypeOnceAndSamplesFollowTheirType) {
  auto page = render_metrics(known_snapshot());
  std::set<std::string> typed;
  std::string current;
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) {
      auto name = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_TRUE(typed.insert(name).second) << "second TYPE for " << name;
      current = name;
      auto type = line.substr(line.rfind(' ') + 1);
      EXPECT_EQ(type == "counter", name.size() > 6 && name.ends_with("_total")) << line;
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    ASSERT_EQ(line.rfind("oakley_", 0), 0u) << line;
    auto name = line.substr(0, line.find_first_of("{ "));
    EXPECT_EQ(name, current) << "sample outside its family: " << line;
  }
}

}  // namespace
}  // namespace oakley::daemon
