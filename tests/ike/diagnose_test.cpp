#include "ike/diagnose.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

using Lines = std::vector<std::string>;

config::Config load(const std::string& text) {
  auto c = config::load_string(text, "test.conf");
  EXPECT_TRUE(c) << (c ? "" : c.error().message);
  return c ? std::move(*c) : config::Config{};
}

const std::string kConfig = R"(connections {
  up {
    remote_addrs = 192.0.2.2
    local { auth = psk }
    remote { auth = psk }
    children { net { } }
  }
  bare {
    remote_addrs = %any
    local { auth = psk }
    remote { auth = psk }
  }
}
secrets {
  ike-any {
    secret = "diagnose-test-psk-0123"
  }
}
)";

// An engine that adds one line at each of its hooks, to show where they land.
Diagnostics::EngineFindings marked(bool mine = true, bool with_sa = false) {
  return {"IKE SA",
          [mine](const config::Connection&, Findings& out) {
            out.push_back("version");
            return mine;
          },
          [](const config::Connection&, Findings& out) { out.push_back("configuration"); },
          [with_sa](const config::Connection&, Findings& out) {
            if (with_sa) out.push_back("sa");
            return with_sa;
          },
          [](const config::Connection&, Findings& out) { out.push_back("evidence"); }};
}

TEST(Diagnostics, AnUnknownConnectionIsTheOnlyFinding) {
  Diagnostics d;
  EXPECT_EQ(d.report(load(kConfig), "nope", marked()),
            Lines{"error: no connection named 'nope' in the loaded configuration"});
}

TEST(Diagnostics, SharedFindingsAroundTheEnginesOwnInAFixedOrder) {
  Diagnostics d;
  auto config = load(kConfig);
  EXPECT_EQ(d.report(config, "bare", marked()),
            (Lines{"version", "info: remote_addrs names no single host: this side can only respond",
                   "configuration", "warning: the connection has no children",
                   "info: no IKE SA exists; start it with `oakctl initiate bare` or by traffic if "
                   "a child has start_action = trap",
                   "evidence"}));
  EXPECT_EQ(d.report(config, "up", marked(true, true)),
            (Lines{"version", "configuration", "sa", "evidence"}));
}

TEST(Diagnostics, AConnectionOfAnotherEngineEndsTheReport) {
  Diagnostics d;
  EXPECT_EQ(d.report(load(kConfig), "bare", marked(false)), Lines{"version"});
}

TEST(Diagnostics, TheLastFailureStaysUntilTheConnectionComesUp) {
  Diagnostics d;
  auto config = load(kConfig);
  d.note_failure("up", "first");
  d.note_failure("up", "second");
  d.note_failure("bare", "other");
  Diagnostics::EngineFindings none{"ISAKMP SA", {}, {}, {}, {}};
  EXPECT_EQ(d.report(config, "up", none), Lines{"error: last attempt failed: second"});
  EXPECT_EQ(d.report(config, "up", marked(true, true)),
            (Lines{"version", "configuration", "sa", "error: last attempt failed: second",
                   "evidence"}));
  d.note_success("up");
  EXPECT_EQ(d.report(config, "up", none),
            Lines{"info: no ISAKMP SA exists; start it with `oakctl initiate up` or by traffic if "
                  "a child has start_action = trap"});
  EXPECT_EQ(d.report(config, "bare", none).at(2), "error: last attempt failed: other");
}

}  // namespace
}  // namespace oakley::ike
