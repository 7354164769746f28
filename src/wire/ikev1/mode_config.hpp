// The Mode Config attribute payload (type 14, draft-dukes-ike-mode-cfg 3.2), which also carries
// XAUTH (draft-beaulieu-ike-xauth) and Cisco Unity attributes.
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/data_attribute.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct AttributePayload {
  CfgType cfg_type = CfgType::kRequest;
  std::uint16_t identifier = 0;             // pairs a REQUEST/SET with its REPLY/ACK
  std::vector<DataAttribute> attributes{};  // ModeCfgAttribute types
  bool operator==(const AttributePayload&) const = default;
  // XAuth passwords and passcodes travel in here: every variable value is wiped when the payload
  // goes. (Declaring it leaves the payload copied where it would have been moved: each copy is
  // wiped in turn.)
  ~AttributePayload();
};

Result<AttributePayload> parse_attribute_payload(ByteView body);
void encode_attribute_payload(Writer& w, const AttributePayload& a);

}  // namespace oakley::wire::ikev1
