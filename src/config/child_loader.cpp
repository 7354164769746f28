// connections.<name>.children.<child>: one CHILD_SA configuration.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "config/enum_parse.hpp"
#include "config/loaders.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kChildKeys = {
    "local_ts",     "remote_ts",    "esp_proposals", "ah_proposals", "mode",
    "start_action", "dpd_action",   "close_action",  "rekey_time",   "life_time",
    "rand_time",    "rekey_bytes",  "life_bytes",    "rand_bytes",   "rekey_packets",
    "life_packets", "rand_packets", "replay_window", "policies",     "policies_fwd_out",
    "inactivity",   "reqid",        "priority",      "interface",    "if_id_in",
    "if_id_out",    "copy_df",      "copy_ecn",      "copy_dscp",    "updown",
    "hostaccess",   "ipcomp",       "hw_offload",    "sha256_96",    "mark_in",
    "mark_in_sa",   "mark_out",     "set_mark_in",   "set_mark_out", "label",
    "label_mode",   "tfc_padding",
};

Result<ChildMode> parse_mode(std::string_view text) {
  if (iequals(trim(text), "beet") || iequals(trim(text), "transport_proxy")) {
    return make_error(
        "BEET and transport proxy modes are not supported by oakley; use tunnel or "
        "transport");
  }
  return parse_enum<ChildMode>(text, {{"tunnel", ChildMode::kTunnel},
                                      {"transport", ChildMode::kTransport},
                                      {"pass", ChildMode::kPass},
                                      {"drop", ChildMode::kDrop}});
}

Result<StartAction> parse_start_action(std::string_view text) {
  text = trim(text);
  if (text == "none") return StartAction{};
  if (text == "trap" || text == "route") return StartAction{true, false};
  if (text == "start") return StartAction{false, true};
  if (text == "trap|start" || text == "start|trap") return StartAction{true, true};
  return make_error("expected none, trap, start or trap|start");
}

// strongSwan also takes the older names: none = clear, route = trap, start = restart.
Result<ChildAction> parse_action(std::string_view text) {
  return parse_enum<ChildAction>(text, {{"clear", ChildAction::kClear},
                                        {"trap", ChildAction::kTrap},
                                        {"restart", ChildAction::kRestart},
                                        {"none", ChildAction::kClear},
                                        {"route", ChildAction::kTrap},
                                        {"start", ChildAction::kRestart}});
}

void read_proposals(SectionReader& r, std::string_view key, SaProtocol protocol,
                    const DaemonSettings& daemon, std::vector<Proposal>& out) {
  const auto* v = r.get(key);
  if (!v) return;
  auto p = parse_proposals(protocol, v->value);
  if (p) {
    out = std::move(p).value();
    check_proposal_policy(out, v->location, fmt::format("the {} of {}", key, r.context()), daemon,
                          r.errors());
  } else {
    r.error(v->location, p.error().message);
  }
}

void read_selectors_and_proposals(SectionReader& r, Child& c, const DaemonSettings& daemon) {
  r.read("local_ts", c.local_ts, parse_traffic_selectors);
  r.read("remote_ts", c.remote_ts, parse_traffic_selectors);
  read_proposals(r, "esp_proposals", SaProtocol::kEsp, daemon, c.esp_proposals);
  read_proposals(r, "ah_proposals", SaProtocol::kAh, daemon, c.ah_proposals);
  // swanctl.conf: "If no algorithms are specified for AH nor ESP, the default set of algorithms
  // for ESP is included" (AEAD first, unlike an explicit "default").
  if (!r.get("esp_proposals") && !r.get("ah_proposals")) {
    c.esp_proposals = default_proposals(SaProtocol::kEsp, true);
  }
}

void read_actions(SectionReader& r, Child& c) {
  r.read("mode", c.mode, parse_mode);
  r.read("start_action", c.start_action, parse_start_action);
  r.read("dpd_action", c.dpd_action, parse_action);
  r.read("close_action", c.close_action, parse_action);
}

// vici's check_lifetimes(): life = rekey + 10% unless set; rand = life - rekey unless set.
template <typename T, typename Parse>
void read_limits(SectionReader& r, std::string_view what, T& rekey, T& life, T& rand, Parse parse) {
  std::string k_rekey = fmt::format("rekey_{}", what);
  std::string k_life = fmt::format("life_{}", what);
  std::string k_rand = fmt::format("rand_{}", what);
  r.read(k_rekey, rekey, parse);
  bool life_set = r.read(k_life, life, parse);
  if (!life_set) life = rekey * 110 / 100;
  if (!r.read(k_rand, rand, parse)) rand = life - std::min(life, rekey);
  if (life_set && rekey != T{} && life != T{} && life <= rekey) {
    r.error(r.get(k_life)->location,
            fmt::format("{} in {} must be longer than {}, or the CHILD_SA expires before it is "
                        "rekeyed",
                        k_life, r.context(), k_rekey));
  }
}

void read_lifetimes(SectionReader& r, Child& c) {
  c.rekey_time = Seconds{3600};
  read_limits(r, "time", c.rekey_time, c.life_time, c.rand_time, parse_duration);
  read_limits(r, "bytes", c.rekey_bytes, c.life_bytes, c.rand_bytes, parse_count);
  read_limits(r, "packets", c.rekey_packets, c.life_packets, c.rand_packets, parse_count);
  r.read("inactivity", c.inactivity, parse_duration);
}

// A script that cannot run is a warning, not an error: it may be installed after the config.
void read_updown(SectionReader& r, Child& c) {
  r.read("hostaccess", c.hostaccess, parse_bool);
  if (!r.read_string("updown", c.updown) || c.updown.empty()) return;
  auto start = c.updown.find_first_not_of(" \t");
  if (start == std::string::npos) {
    c.updown.clear();
    return;
  }
  auto end = c.updown.find_first_of(" \t", start);
  std::string script = c.updown.substr(start, end == std::string::npos ? end : end - start);
  if (access(script.c_str(), X_OK) != 0) {
    r.errors().warn(r.get("updown")->location,
                    fmt::format("updown script '{}' of {} cannot be run: {}", script, r.context(),
                                std::strerror(errno)));
  }
}

void read_sa_options(SectionReader& r, Child& c) {
  r.read("replay_window", c.replay_window, parse_u32);
  r.read("policies", c.policies, parse_bool);
  r.read("policies_fwd_out", c.policies_fwd_out, parse_bool);
  r.read("reqid", c.reqid, parse_u32);
  r.read("priority", c.priority, parse_u32);
  r.read_string("interface", c.interface);
  read_updown(r, c);
  r.read("copy_df", c.copy_df, parse_bool);
  if (r.read("sha256_96", c.sha256_96, parse_bool) && c.sha256_96) {
    r.errors().warn(r.get("sha256_96")->location,
                    fmt::format("sha256_96 = yes in {}: HMAC_SHA2_256_128 is installed with the "
                                "non-standard 96-bit ICV of old Linux kernels (not negotiated: "
                                "the peer must do the same)",
                                r.context()));
  }
  r.read("copy_ecn", c.copy_ecn, parse_bool);
  r.read("copy_dscp", c.copy_dscp,
         enum_parser<CopyDscp>({{"out", CopyDscp::kOut},
                                {"in", CopyDscp::kIn},
                                {"yes", CopyDscp::kYes},
                                {"no", CopyDscp::kNo}}));
}

void reject_unsupported(SectionReader& r) {
  r.unsupported("ipcomp", {"no"}, "IPComp is not implemented");
  r.unsupported("hw_offload", {"no", "auto"}, "there is no hardware offload");
  for (auto key : {"mark_in", "mark_out", "set_mark_in", "set_mark_out"}) {
    r.unsupported(key, {"0", "0/0", "0/0x00000000"}, "netfilter marks are not implemented");
  }
  r.unsupported("mark_in_sa", {"no"}, "netfilter marks are not implemented");
  r.unsupported("label", {}, "security labels are not implemented");
  r.unsupported("label_mode", {"system", "simple"}, "security labels are not implemented");
  r.unsupported("tfc_padding", {"0"}, "TFC padding is not implemented");
}

}  // namespace

bool Child::has_pfs() const {
  auto pfs = [](const Proposal& p) {
    auto dh = p.of_type(TransformType::kDh);
    return std::any_of(dh.begin(), dh.end(), [](const Transform& t) { return t.id != 0; });
  };
  return std::any_of(esp_proposals.begin(), esp_proposals.end(), pfs) ||
         std::any_of(ah_proposals.begin(), ah_proposals.end(), pfs);
}

Child load_child(const SettingsSection& section, const Connection& connection,
                 const DaemonSettings& daemon, ErrorList& errors) {
  Child c;
  c.name = section.name;
  c.location = section.location;
  c.local_ts = c.remote_ts = *parse_traffic_selectors("dynamic");
  c.replay_window = daemon.replay_window;
  c.if_id_in = connection.if_id_in;
  c.if_id_out = connection.if_id_out;
  SectionReader r(section, fmt::format("child '{}' of connection '{}'", c.name, connection.name),
                  errors, kChildKeys);
  read_selectors_and_proposals(r, c, daemon);
  if (connection.version == IkeVersion::kIkev1 &&
      (uses_additional_ke(c.esp_proposals) || uses_additional_ke(c.ah_proposals))) {
    r.error(section.location, fmt::format("child '{}': {}", c.name, kAdditionalKeIkev1Error));
  }
  read_actions(r, c);
  read_lifetimes(r, c);
  read_sa_options(r, c);
  reject_unsupported(r);
  read_interface_id(r, "if_id_in", c.if_id_in);
  read_interface_id(r, "if_id_out", c.if_id_out);
  r.check_keys();
  for (const auto& sub : section.sections)
    r.unknown_section(sub, {});
  return c;
}

}  // namespace oakley::config
