#include "daemon/status_json.hpp"

#include <fmt/format.h>

namespace oakley::daemon {

using Json = nlohmann::json;

namespace {

template <typename T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// 0 means the cipher has one key size and no key length attribute (3DES, ChaCha20-Poly1305,
// NULL): null, as charon leaves encr-keysize out, and oakctl prints no "-0" after the name.
Json key_bits_json(unsigned bits) {
  return bits ? Json(bits) : Json(nullptr);
}

Json child_json(const ike::ChildSaInfo& c) {
  return {{"name", c.name},
          {"id", c.id},
          {"reqid", c.reqid},
          {"state", c.state},
          {"mode", c.mode},
          {"protocol", c.protocol},
          {"udp_encap", c.udp_encap},
          {"spi_in", fmt::format("{:08x}", c.spi_in)},
          {"spi_out", fmt::format("{:08x}", c.spi_out)},
          {"algorithms",
           {{"encr", c.encr},
            {"encr_key_bits", key_bits_json(c.encr_key_bits)},
            {"integ", optional_json(c.integ)},
            {"dh", optional_json(c.dh)},
            {"additional_kes", c.additional_kes},
            {"esn", c.esn}}},
          {"bytes_in", c.bytes_in},
          {"packets_in", c.packets_in},
          {"bytes_out", c.bytes_out},
          {"packets_out", c.packets_out},
          {"installed_seconds", c.installed_seconds},
          {"rekey_in_seconds", optional_json(c.rekey_in_seconds)},
          {"expire_in_seconds", optional_json(c.expire_in_seconds)},
          {"local_ts", c.local_ts},
          {"remote_ts", c.remote_ts}};
}

Json ike_json(const ike::IkeSaInfo& sa) {
  Json children = Json::array();
  for (const auto& c : sa.children)
    children.push_back(child_json(c));
  return {{"id", sa.id},
          {"connection", sa.connection},
          {"version", sa.version},
          {"state", sa.state},
          {"role", sa.role},
          {"initiator", sa.role == "initiator"},
          {"local", sa.local},
          {"remote", sa.remote},
          {"local_id", sa.local_id},
          {"remote_id", sa.remote_id},
          {"auth", sa.auth.empty() ? Json(nullptr) : Json(sa.auth)},
          {"local_vips", sa.local_vips},
          {"remote_vips", sa.remote_vips},
          {"spi_i", fmt::format("{:016x}", sa.spi_i)},
          {"spi_r", fmt::format("{:016x}", sa.spi_r)},
          {"algorithms",
           {{"encr", sa.encr},
            {"encr_key_bits", key_bits_json(sa.encr_key_bits)},
            {"integ", optional_json(sa.integ)},
            {"prf", optional_json(sa.prf)},
            {"dh", optional_json(sa.dh)},
            {"additional_kes", sa.additional_kes}}},
          {"established_seconds", optional_json(sa.established_seconds)},
          {"rekey_in_seconds", optional_json(sa.rekey_in_seconds)},
          {"reauth_in_seconds", optional_json(sa.reauth_in_seconds)},
          {"nat", {{"local_behind_nat", sa.nat_local}, {"remote_behind_nat", sa.nat_remote}}},
          {"summary", sa.summary.empty() ? Json(nullptr) : Json(sa.summary)},
          {"children", std::move(children)}};
}

// "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519" without the protocol prefix.
std::vector<std::string> proposal_names(const std::vector<config::Proposal>& proposals) {
  std::vector<std::string> out;
  for (const auto& p : proposals) {
    auto text = p.to_string();
    auto colon = text.find(':');
    out.push_back(colon == std::string::npos ? text : text.substr(colon + 1));
  }
  return out;
}

template <typename Specs>
std::vector<std::string> strings_of(const Specs& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs)
    out.push_back(s.to_string());
  return out;
}

std::string_view mode_name(config::ChildMode mode) {
  switch (mode) {
    case config::ChildMode::kTunnel:
      return "TUNNEL";
    case config::ChildMode::kTransport:
      return "TRANSPORT";
    case config::ChildMode::kPass:
      return "PASS";
    case config::ChildMode::kDrop:
      return "DROP";
  }
  return "?";
}

std::string_view action_name(config::ChildAction action) {
  switch (action) {
    case config::ChildAction::kClear:
      return "clear";
    case config::ChildAction::kTrap:
      return "trap";
    case config::ChildAction::kRestart:
      return "restart";
  }
  return "?";
}

std::string start_action_name(const config::StartAction& a) {
  if (a.start && a.trap) return "trap|start";
  if (a.start) return "start";
  if (a.trap) return "trap";
  return "none";
}

Json auth_json(const std::vector<config::AuthRound>& rounds) {
  if (rounds.empty()) return Json::object();
  const auto& r = rounds.front();
  Json out = {{"auth", r.auth_text}, {"id", r.id.to_string()}};
  if (!r.certs.empty()) out["certs"] = r.certs;
  return out;
}

Json child_config_json(const config::Child& c) {
  return {{"name", c.name},
          {"mode", mode_name(c.mode)},
          {"local_ts", strings_of(c.local_ts)},
          {"remote_ts", strings_of(c.remote_ts)},
          {"esp_proposals", proposal_names(c.esp_proposals)},
          {"start_action", start_action_name(c.start_action)},
          {"dpd_action", action_name(c.dpd_action)},
          {"close_action", action_name(c.close_action)},
          {"rekey_time", c.rekey_time.count()},
          {"life_time", c.life_time.count()}};
}

Json connection_json(const config::Connection& c) {
  Json children = Json::array();
  for (const auto& ch : c.children)
    children.push_back(child_config_json(ch));
  return {{"name", c.name},
          {"version", static_cast<int>(c.version)},
          {"local_addrs", strings_of(c.local_addrs)},
          {"remote_addrs", strings_of(c.remote_addrs)},
          {"proposals", proposal_names(c.proposals)},
          {"local", auth_json(c.local)},
          {"remote", auth_json(c.remote)},
          {"dpd_delay", c.dpd_delay.count()},
          {"rekey_time", c.rekey_time.count()},
          {"reauth_time", c.reauth_time.count()},
          {"children", std::move(children)}};
}

}  // namespace

Json ike_sas_json(const std::vector<ike::IkeSaInfo>& sas) {
  Json list = Json::array();
  for (const auto& sa : sas)
    list.push_back(ike_json(sa));
  return {{"ike_sas", std::move(list)}};
}

Json connections_json(const config::Config& config) {
  Json list = Json::array();
  for (const auto& c : config.connections)
    list.push_back(connection_json(c));
  return {{"connections", std::move(list)}};
}

}  // namespace oakley::daemon
