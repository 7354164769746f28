// IKEv2 names for log lines: RFC/IANA names, and the short payload and notify names strongSwan
// prints in its one-line message summaries ("N(NATD_S_IP)"). Unknown numbers print as
// "UNKNOWN(n)" (payloads), "NOTIFY(n)", "EXCHANGE(n)" etc.
#pragma once

#include <string>

#include "common/algorithm_ids.hpp"
#include "wire/ikev2/constants.hpp"

namespace oakley::wire::ikev2 {

std::string exchange_name(ExchangeType t);               // "IKE_SA_INIT"
std::string payload_short_name(PayloadType t);           // "SA", "No", "IDi", "SKF"
std::string notify_name(NotifyType t);                   // "NAT_DETECTION_SOURCE_IP"
std::string notify_short_name(NotifyType t);             // "NATD_S_IP"
std::string protocol_name(ProtocolId p);                 // "IKE", "ESP", "AH"
std::string id_type_name(IdType t);                      // "ID_FQDN"
std::string auth_method_name(AuthMethod m);              // "SHARED_KEY_MIC"
std::string transform_type_name(TransformType t);        // "ENCR"
std::string cfg_type_name(CfgType t);                    // "CFG_REQUEST"
std::string cp_attribute_name(CpAttributeType t);        // "INTERNAL_IP4_ADDRESS"
std::string cp_attribute_short_name(CpAttributeType t);  // "ADDR"
std::string cert_encoding_name(CertEncoding e);          // "X509_SIGNATURE"
std::string ts_type_name(TsType t);                      // "TS_IPV4_ADDR_RANGE"

}  // namespace oakley::wire::ikev2
