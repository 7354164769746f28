// connections.<name>: the IKE part of a connection, its auth rounds and its children.
#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"
#include "config/enum_parse.hpp"
#include "config/loaders.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kConnectionKeys = {
    "version",   "local_addrs", "remote_addrs",   "local_port",    "remote_port", "proposals",
    "vips",      "aggressive",  "pull",           "dscp",          "encap",       "mobike",
    "ocsp",      "dpd_delay",   "dpd_timeout",    "fragmentation", "childless",   "send_certreq",
    "send_cert", "keyingtries", "unique",         "reauth_time",   "rekey_time",  "over_time",
    "rand_time", "pools",       "if_id_in",       "if_id_out",     "ppk_id",      "ppk_required",
    "mediation", "mediated_by", "mediation_peer",
};

bool has_prefix(const std::string& name, std::string_view prefix) {
  return name.compare(0, prefix.size(), prefix) == 0;
}

Result<IkeVersion> parse_version(std::string_view text) {
  auto n = parse_uint(text, 2);
  if (!n) return make_error("expected 0 (IKEv2, or either as responder), 1 (IKEv1) or 2 (IKEv2)");
  return static_cast<IkeVersion>(*n);
}

Result<std::uint8_t> parse_dscp(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 6 || text.find_first_not_of("01") != std::string_view::npos) {
    return make_error("expected up to six binary digits such as 101110 (EF)");
  }
  std::uint8_t v = 0;
  for (char c : text)
    v = static_cast<std::uint8_t>((v << 1) | (c == '1'));
  return v;
}

Result<std::vector<IpAddress>> parse_vips(std::string_view text) {
  std::vector<IpAddress> out;
  for (const auto& item : split_list(text)) {
    auto a = parse_ip_address(item);
    if (!a) return make_error(fmt::format("'{}': {}", item, a.error().message));
    out.push_back(*a);
  }
  return out;
}

// MOBIKE (RFC 4555) is negotiated: charon with mobike = yes offers it, and against a peer that
// does not announce MOBIKE_SUPPORTED it establishes an ordinary IKE SA without address updates.
// oakley never offers it, so its SA is what charon would build with such a peer; an explicit yes
// therefore loads, with a warning that says what the operator does not get.
void read_mobike(SectionReader& r, Connection& c) {
  if (!r.read("mobike", c.mobike, parse_bool) || !c.mobike) return;
  if (c.version == IkeVersion::kIkev1) return;  // charon ignores it for IKEv1 too
  log::warn("config",
            "{}: mobike = yes in connection '{}': oakley does not implement MOBIKE (RFC 4555); "
            "the IKE SA is established without it, as charon does with a peer that does not "
            "support MOBIKE, so a changed address is not followed",
            r.get("mobike")->location.to_string(), c.name);
}

void read_ike_basics(SectionReader& r, Connection& c, const DaemonSettings& daemon) {
  r.read("version", c.version, parse_version);
  r.read("local_addrs", c.local_addrs, parse_address_specs);
  r.read("remote_addrs", c.remote_addrs, parse_address_specs);
  r.read("local_port", c.local_port, parse_port_number);
  r.read("remote_port", c.remote_port, parse_port_number);
  if (const auto* v = r.get("proposals")) {
    auto p = parse_ike_proposals(v->value);
    if (p) {
      c.proposals = std::move(p).value();
      if (c.version == IkeVersion::kIkev1 && uses_additional_ke(c.proposals)) {
        r.error(v->location, std::string(kAdditionalKeIkev1Error));
      }
      check_proposal_policy(c.proposals, v->location,
                            fmt::format("the IKE proposals of connection '{}'", c.name), daemon,
                            r.errors());
    } else {
      r.error(v->location, p.error().message);
    }
  }
  r.read("vips", c.vips, parse_vips);
  r.read("aggressive", c.aggressive, parse_bool);
  r.read("pull", c.pull, parse_bool);
  r.read("dscp", c.dscp, parse_dscp);
  r.read("encap", c.encap, parse_bool);
  read_mobike(r, c);
  r.read("pools", c.pools,
         [](std::string_view t) -> Result<std::vector<std::string>> { return split_list(t); });
  read_interface_id(r, "if_id_in", c.if_id_in);
  read_interface_id(r, "if_id_out", c.if_id_out);
}

void read_behaviour(SectionReader& r, Connection& c) {
  r.read("dpd_delay", c.dpd_delay, parse_duration);
  r.read("dpd_timeout", c.dpd_timeout, parse_duration);
  r.read("fragmentation", c.fragmentation,
         enum_parser<Fragmentation>({{"yes", Fragmentation::kYes},
                                     {"accept", Fragmentation::kAccept},
                                     {"force", Fragmentation::kForce},
                                     {"no", Fragmentation::kNo}}));
  r.read("childless", c.childless,
         enum_parser<Childless>({{"allow", Childless::kAllow},
                                 {"force", Childless::kForce},
                                 {"never", Childless::kNever}}));
  r.read("send_certreq", c.send_certreq, parse_bool);
  r.read("send_cert", c.send_cert,
         enum_parser<SendCert>({{"ifasked", SendCert::kIfAsked},
                                {"always", SendCert::kAlways},
                                {"never", SendCert::kNever}}));
  r.read("ocsp", c.ocsp,
         enum_parser<OcspMode>({{"no", OcspMode::kNo},
                                {"request", OcspMode::kRequest},
                                {"reply", OcspMode::kReply},
                                {"both", OcspMode::kBoth}}));
  r.read("keyingtries", c.keyingtries, parse_u32);
  r.read("unique", c.unique,
         enum_parser<Unique>({{"no", Unique::kNo},
                              {"never", Unique::kNever},
                              {"keep", Unique::kKeep},
                              {"replace", Unique::kReplace}}));
  r.unsupported("ppk_id", {}, "postquantum preshared keys (RFC 8784) are not implemented");
  r.unsupported("ppk_required", {"no"}, "postquantum preshared keys are not implemented");
  r.unsupported("mediation", {"no"}, "the IKEv2 mediation extension is not implemented");
  r.unsupported("mediated_by", {}, "the IKEv2 mediation extension is not implemented");
  r.unsupported("mediation_peer", {}, "the IKEv2 mediation extension is not implemented");
}

// strongSwan's (vici) rules: rekey_time defaults to 4h unless reauth_time is set; over_time to
// 10% of the longer of the two; rand_time to over_time, at most half the shorter non-zero one.
void read_ike_lifetimes(SectionReader& r, Connection& c) {
  r.read("reauth_time", c.reauth_time, parse_duration);
  if (!r.read("rekey_time", c.rekey_time, parse_duration)) {
    c.rekey_time = c.reauth_time.count() ? Seconds{0} : Seconds{14400};
  }
  Seconds longest = std::max(c.rekey_time, c.reauth_time);
  if (!r.read("over_time", c.over_time, parse_duration)) c.over_time = longest / 10;
  if (!r.read("rand_time", c.rand_time, parse_duration)) {
    Seconds base = c.rekey_time.count() && c.reauth_time.count()
                       ? std::min(c.rekey_time, c.reauth_time)
                       : longest;
    c.rand_time = std::min(c.over_time, base / 2);
  }
}

void sort_rounds(std::vector<AuthRound>& rounds) {
  std::stable_sort(rounds.begin(), rounds.end(),
                   [](const AuthRound& a, const AuthRound& b) { return a.round < b.round; });
}

void read_sections(SectionReader& r, Connection& c, const DaemonSettings& daemon,
                   ErrorList& errors) {
  const std::string& context = r.context();
  for (const auto& sub : r.section().sections) {
    if (has_prefix(sub.name, "local")) {
      c.local.push_back(load_auth_round(sub, true, c.name, errors));
    } else if (has_prefix(sub.name, "remote")) {
      c.remote.push_back(load_auth_round(sub, false, c.name, errors));
    } else if (sub.name == "children") {
      for (const auto& child : sub.sections) {
        c.children.push_back(load_child(child, c, daemon, errors));
      }
      SectionReader children(sub, "children of " + context, errors, {});
      children.check_keys();
    } else {
      r.unknown_section(sub, {"local", "remote", "children"});
    }
  }
  for (auto [rounds, name] : {std::pair{&c.local, "local"}, {&c.remote, "remote"}}) {
    if (!rounds->empty()) continue;
    AuthRound round;  // none configured: strongSwan's default, pubkey with %any / our address
    round.name = name;
    round.location = c.location;
    rounds->push_back(std::move(round));
  }
  sort_rounds(c.local);
  sort_rounds(c.remote);
}

}  // namespace

Result<std::uint16_t> parse_port_number(std::string_view text) {
  auto n = parse_uint(text, 65535);
  if (!n || *n == 0) return make_error("expected a UDP port, 1 to 65535");
  return static_cast<std::uint16_t>(*n);
}

Result<std::uint32_t> parse_u32(std::string_view text) {
  auto n = parse_uint(text, 0xffffffffu);
  if (!n) return n.take_error();
  return static_cast<std::uint32_t>(*n);
}

Result<std::vector<Proposal>> parse_ike_proposals(std::string_view text) {
  return parse_proposals(SaProtocol::kIke, text);
}

void read_interface_id(SectionReader& r, std::string_view key, InterfaceId& out) {
  InterfaceId id;
  if (!r.read(key, id, parse_interface_id)) return;
  if (id == InterfaceId{}) {
    out = id;
    return;
  }
  r.invalid(*r.get(key),
            "XFRM interface ids are not supported: the TUN data plane has no XFRM interfaces to "
            "bind SAs to (only the default 0 loads)");
}

Result<InterfaceId> parse_interface_id(std::string_view text) {
  text = trim(text);
  if (text == "%unique") return InterfaceId{InterfaceId::Kind::kUnique, 0};
  if (text == "%unique-dir") return InterfaceId{InterfaceId::Kind::kUniqueDir, 0};
  auto n = parse_u32(text);
  if (!n) return make_error("expected a number, %unique or %unique-dir");
  return InterfaceId{InterfaceId::Kind::kFixed, *n};
}

Connection load_connection(const SettingsSection& section, const DaemonSettings& daemon,
                           ErrorList& errors) {
  Connection c;
  c.name = section.name;
  c.location = section.location;
  c.local_addrs = c.remote_addrs = {AddressSpec{}};
  c.proposals = default_proposals(SaProtocol::kIke);
  SectionReader r(section, fmt::format("connection '{}'", c.name), errors, kConnectionKeys);
  read_ike_basics(r, c, daemon);
  read_behaviour(r, c);
  read_ike_lifetimes(r, c);
  r.check_keys();
  read_sections(r, c, daemon, errors);
  return c;
}

}  // namespace oakley::config
