// IKEv1 names for log lines: RFC names, and short payload/notify names in strongSwan's IKEv1 style
// ("[ HASH N(DPD) ]"). Unknown numbers print as "UNKNOWN(n)", "NOTIFY(n)" etc.
#pragma once

#include <cstdint>
#include <string>

#include "wire/ikev1/constants.hpp"

namespace oakley::wire::ikev1 {

std::string exchange_name(ExchangeType t);      // "ID_PROT", "QUICK_MODE", "INFORMATIONAL_V1"
std::string payload_short_name(PayloadType t);  // "SA", "No", "NAT-D", "FRAG"
std::string notify_name(NotifyType t);          // "INVALID-PAYLOAD-TYPE", "R-U-THERE"
std::string notify_short_name(NotifyType t);    // "INVAL_PAYLOAD", "DPD"
std::string protocol_name(ProtocolId p);        // "PROTO_ISAKMP"
std::string id_type_name(IdType t);             // "ID_IPV4_ADDR_SUBNET"
std::string phase1_attribute_name(Phase1Attribute a);           // "LIFE_DURATION"
std::string ipsec_attribute_name(IpsecAttribute a);             // "ENCAPSULATION_MODE"
std::string mode_cfg_attribute_name(ModeCfgAttribute a);        // "XAUTH_USER_NAME"
std::string mode_cfg_attribute_short_name(ModeCfgAttribute a);  // "X_USER"
std::string phase1_encryption_name(Phase1Encryption e);         // "AES_CBC"
std::string phase1_hash_name(Phase1Hash h);                     // "SHA1"
std::string phase1_auth_method_name(Phase1AuthMethod m);        // "PRE_SHARED_KEY"
std::string esp_transform_name(EspTransformId t);               // "ESP_AES"
std::string ipsec_auth_algorithm_name(IpsecAuthAlgorithm a);    // "HMAC_SHA1"
std::string encapsulation_mode_name(EncapsulationMode m);       // "UDP_ENCAPSULATED_TUNNEL"

}  // namespace oakley::wire::ikev1
