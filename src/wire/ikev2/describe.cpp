#include "wire/ikev2/describe.hpp"

#include <fmt/format.h>

#include "wire/ikev2/names.hpp"
#include "wire/names.hpp"
#include "wire/payload_helpers.hpp"

namespace oakley::wire::ikev2 {

namespace {

constexpr NameEntry kEapCodes[] = {{1, "REQ"}, {2, "RES"}, {3, "SUCC"}, {4, "FAIL"}};
constexpr NameEntry kEapTypes[] = {
    {1, "ID"},    {2, "NTF"},       {3, "NAK"},   {4, "MD5"},   {5, "OTP"},
    {6, "GTC"},   {13, "TLS"},      {18, "SIM"},  {21, "TTLS"}, {23, "AKA"},
    {25, "PEAP"}, {26, "MSCHAPV2"}, {43, "FAST"}, {50, "AKA'"},
};

std::string describe_cp(const CpPayload& cp) {
  std::string out = cfg_type_short_name(static_cast<std::uint32_t>(cp.cfg_type));
  if (cp.attributes.empty()) return out;
  std::string attrs;
  for (const auto& a : cp.attributes)
    attrs += (attrs.empty() ? "" : " ") + cp_attribute_short_name(a.type);
  return fmt::format("{}({})", out, attrs);
}

std::string describe_eap(const EapPayload& eap) {
  std::string out = "EAP/" + lookup_name(kEapCodes, static_cast<std::uint32_t>(eap.code()), "");
  if (auto type = eap.type()) out += "/" + lookup_name(kEapTypes, *type, "");
  return out;
}

}  // namespace

std::string describe_payload(const Payload& p) {
  if (const auto* n = p.get<NotifyPayload>())
    return fmt::format("N({})", notify_short_name(n->type));
  if (const auto* f = p.get<SkfPayload>()) {
    return fmt::format("SKF({}/{})", f->fragment_number, f->total_fragments);
  }
  if (const auto* cp = p.get<CpPayload>()) return describe_cp(*cp);
  if (const auto* eap = p.get<EapPayload>()) return describe_eap(*eap);
  if (const auto* u = p.get<UnknownPayload>()) {
    return fmt::format("{}({})", p.critical ? "CRITICAL" : "UNKNOWN", u->type);
  }
  return payload_short_name(p.type());
}

std::string describe_payloads(const std::vector<Payload>& payloads) {
  return describe_list(payloads, [](const Payload& p) { return describe_payload(p); });
}

std::string describe_message(const Message& m) {
  return fmt::format("{} {} {} {}", exchange_name(m.header.exchange_type),
                     m.header.response() ? "response" : "request", m.header.message_id,
                     describe_payloads(m.payloads));
}

}  // namespace oakley::wire::ikev2
