#include "wire/ikev1/describe.hpp"

#include <fmt/format.h>

#include "wire/ikev1/names.hpp"
#include "wire/names.hpp"
#include "wire/payload_helpers.hpp"

namespace oakley::wire::ikev1 {

namespace {

std::string describe_attributes(const AttributePayload& a) {
  std::string out = cfg_type_short_name(static_cast<std::uint32_t>(a.cfg_type));
  if (a.attributes.empty()) return out;
  std::string attrs;
  for (const auto& attr : a.attributes) {
    attrs +=
        (attrs.empty() ? "" : " ") + mode_cfg_attribute_short_name(ModeCfgAttribute{attr.type});
  }
  return fmt::format("{}({})", out, attrs);
}

}  // namespace

std::string describe_payload(const Payload& p) {
  if (const auto* n = p.get<NotifyPayload>())
    return fmt::format("N({})", notify_short_name(n->type));
  if (const auto* a = p.get<AttributePayload>()) return describe_attributes(*a);
  if (const auto* f = p.get<FragmentPayload>()) return fmt::format("FRAG({})", f->number);
  return payload_short_name(p.type());
}

std::string describe_payloads(const std::vector<Payload>& payloads) {
  return describe_list(payloads, [](const Payload& p) { return describe_payload(p); });
}

std::string describe_message(const Message& m) {
  std::string payloads = m.header.encrypted()
                             ? fmt::format("[ ENCRYPTED({} bytes) ]", m.encrypted_body.size())
                             : describe_payloads(m.payloads);
  return fmt::format("{} {} {}", exchange_name(m.header.exchange_type), m.header.message_id,
                     payloads);
}

}  // namespace oakley::wire::ikev1
