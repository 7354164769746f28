#include "wire/ikev1/names.hpp"

#include "wire/names.hpp"

namespace oakley::wire::ikev1 {

namespace {

template <typename E>
std::uint32_t num(E e) {
  return static_cast<std::uint32_t>(e);
}

constexpr NameEntry kExchanges[] = {
    {1, "BASE"},        {2, "ID_PROT"},          {3, "AUTH_ONLY"},
    {4, "AGGRESSIVE"},  {5, "INFORMATIONAL_V1"}, {6, "TRANSACTION"},
    {32, "QUICK_MODE"}, {33, "NEW_GROUP_MODE"},
};

constexpr NameEntry kPayloads[] = {
    {0, "NONE"},     {1, "SA"},     {2, "P"},    {3, "T"},      {4, "KE"},      {5, "ID"},
    {6, "CERT"},     {7, "CR"},     {8, "HASH"}, {9, "SIG"},    {10, "No"},     {11, "N"},
    {12, "D"},       {13, "V"},     {14, "CP"},  {20, "NAT-D"}, {21, "NAT-OA"}, {130, "NAT-D"},
    {131, "NAT-OA"}, {132, "FRAG"},  // GDOI payloads (15-19, 22) are not parsed: "UNKNOWN(n)"
};

struct NotifyNames {
  std::uint16_t value;
  std::string_view name;
  std::string_view short_name;
};

constexpr NotifyNames kNotifies[] = {
    {1, "INVALID-PAYLOAD-TYPE", "INVAL_PAYLOAD"},
    {2, "DOI-NOT-SUPPORTED", "DOI_NOT_SUP"},
    {3, "SITUATION-NOT-SUPPORTED", "SIT_NOT_SUP"},
    {4, "INVALID-COOKIE", "INVAL_COOKIE"},
    {5, "INVALID-MAJOR-VERSION", "INVAL_MAJOR"},
    {6, "INVALID-MINOR-VERSION", "INVAL_MINOR"},
    {7, "INVALID-EXCHANGE-TYPE", "INVAL_EXCH"},
    {8, "INVALID-FLAGS", "INVAL_FLAGS"},
    {9, "INVALID-MESSAGE-ID", "INVAL_MID"},
    {10, "INVALID-PROTOCOL-ID", "INVAL_PROTO"},
    {11, "INVALID-SPI", "INVAL_SPI"},
    {12, "INVALID-TRANSFORM-ID", "INVAL_TRANSFORM"},
    {13, "ATTRIBUTES-NOT-SUPPORTED", "ATTR_NOT_SUP"},
    {14, "NO-PROPOSAL-CHOSEN", "NO_PROP"},
    {15, "BAD-PROPOSAL-SYNTAX", "BAD_PROP_SYN"},
    {16, "PAYLOAD-MALFORMED", "MALFORMED"},
    {17, "INVALID-KEY-INFORMATION", "INVAL_KEY"},
    {18, "INVALID-ID-INFORMATION", "INVAL_ID"},
    {19, "INVALID-CERT-ENCODING", "INVAL_CERT_ENC"},
    {20, "INVALID-CERTIFICATE", "INVAL_CERT"},
    {21, "CERT-TYPE-UNSUPPORTED", "CERT_TYPE_UNSUP"},
    {22, "INVALID-CERT-AUTHORITY", "INVAL_CA"},
    {23, "INVALID-HASH-INFORMATION", "INVAL_HASH"},
    {24, "AUTHENTICATION-FAILED", "AUTH_FAILED"},
    {25, "INVALID-SIGNATURE", "INVAL_SIG"},
    {26, "ADDRESS-NOTIFICATION", "ADDR_NOTIFY"},
    {27, "NOTIFY-SA-LIFETIME", "SA_LIFETIME"},
    {28, "CERTIFICATE-UNAVAILABLE", "CERT_UNAVAIL"},
    {29, "UNSUPPORTED-EXCHANGE-TYPE", "UNSUP_EXCH"},
    {30, "UNEQUAL-PAYLOAD-LENGTHS", "UNEQUAL_LEN"},
    {16384, "CONNECTED", "CONNECTED"},
    {24576, "RESPONDER-LIFETIME", "RESP_LIFETIME"},
    {24577, "REPLAY-STATUS", "REPLAY_STATUS"},
    {24578, "INITIAL-CONTACT", "INITIAL_CONTACT"},
    {36136, "R-U-THERE", "DPD"},
    {36137, "R-U-THERE-ACK", "DPD_ACK"},
};

const NotifyNames* find_notify(NotifyType t) {
  for (const auto& n : kNotifies) {
    if (n.value == num(t)) return &n;
  }
  return nullptr;
}

constexpr NameEntry kProtocols[] = {
    {1, "PROTO_ISAKMP"},
    {2, "PROTO_IPSEC_AH"},
    {3, "PROTO_IPSEC_ESP"},
    {4, "IPCOMP"},
};

constexpr NameEntry kIdTypes[] = {
    {1, "ID_IPV4_ADDR"},       {2, "ID_FQDN"},
    {3, "ID_USER_FQDN"},       {4, "ID_IPV4_ADDR_SUBNET"},
    {5, "ID_IPV6_ADDR"},       {6, "ID_IPV6_ADDR_SUBNET"},
    {7, "ID_IPV4_ADDR_RANGE"}, {8, "ID_IPV6_ADDR_RANGE"},
    {9, "ID_DER_ASN1_DN"},     {10, "ID_DER_ASN1_GN"},
    {11, "ID_KEY_ID"},         {12, "ID_LIST"},
};

constexpr NameEntry kPhase1Attributes[] = {
    {1, "ENCRYPTION_ALGORITHM"},
    {2, "HASH_ALGORITHM"},
    {3, "AUTHENTICATION_METHOD"},
    {4, "GROUP_DESCRIPTION"},
    {5, "GROUP_TYPE"},
    {6, "GROUP_PRIME"},
    {7, "GROUP_GENERATOR_ONE"},
    {8, "GROUP_GENERATOR_TWO"},
    {9, "GROUP_CURVE_A"},
    {10, "GROUP_CURVE_B"},
    {11, "LIFE_TYPE"},
    {12, "LIFE_DURATION"},
    {13, "PRF"},
    {14, "KEY_LENGTH"},
    {15, "FIELD_SIZE"},
    {16, "GROUP_ORDER"},
};

constexpr NameEntry kIpsecAttributes[] = {
    {1, "SA_LIFE_TYPE"},
    {2, "SA_LIFE_DURATION"},
    {3, "GROUP_DESCRIPTION"},
    {4, "ENCAPSULATION_MODE"},
    {5, "AUTH_ALGORITHM"},
    {6, "KEY_LENGTH"},
    {7, "KEY_ROUNDS"},
    {8, "COMPRESS_DICTIONARY_SIZE"},
    {9, "COMPRESS_PRIVATE_ALGORITHM"},
    {10, "ECN_TUNNEL"},
    {11, "EXTENDED_SEQUENCE_NUMBER"},
    {12, "AUTH_KEY_LENGTH"},
    {13, "SIGNATURE_ENCODING_ALGORITHM"},
    {14, "ADDRESS_PRESERVATION"},
    {15, "SA_DIRECTION"},
};

struct CfgNames {
  std::uint16_t value;
  std::string_view name;
  std::string_view short_name;
};

constexpr CfgNames kModeCfgAttributes[] = {
    {1, "INTERNAL_IP4_ADDRESS", "ADDR"},
    {2, "INTERNAL_IP4_NETMASK", "MASK"},
    {3, "INTERNAL_IP4_DNS", "DNS"},
    {4, "INTERNAL_IP4_NBNS", "NBNS"},
    {5, "INTERNAL_ADDRESS_EXPIRY", "EXP"},
    {6, "INTERNAL_IP4_DHCP", "DHCP"},
    {7, "APPLICATION_VERSION", "VER"},
    {8, "INTERNAL_IP6_ADDRESS", "ADDR6"},
    {9, "INTERNAL_IP6_NETMASK", "MASK6"},
    {10, "INTERNAL_IP6_DNS", "DNS6"},
    {11, "INTERNAL_IP6_NBNS", "NBNS6"},
    {12, "INTERNAL_IP6_DHCP", "DHCP6"},
    {13, "INTERNAL_IP4_SUBNET", "SUBNET"},
    {14, "SUPPORTED_ATTRIBUTES", "SUP"},
    {15, "INTERNAL_IP6_SUBNET", "SUBNET6"},
    {16520, "XAUTH_TYPE", "X_TYPE"},
    {16521, "XAUTH_USER_NAME", "X_USER"},
    {16522, "XAUTH_USER_PASSWORD", "X_PWD"},
    {16523, "XAUTH_PASSCODE", "X_CODE"},
    {16524, "XAUTH_MESSAGE", "X_MSG"},
    {16525, "XAUTH_CHALLENGE", "X_CHALL"},
    {16526, "XAUTH_DOMAIN", "X_DOMAIN"},
    {16527, "XAUTH_STATUS", "X_STATUS"},
    {16528, "XAUTH_NEXT_PIN", "X_PIN"},
    {16529, "XAUTH_ANSWER", "X_ANSWER"},
    {28672, "UNITY_BANNER", "U_BANNER"},
    {28673, "UNITY_SAVE_PASSWD", "U_SAVEPW"},
    {28674, "UNITY_DEF_DOMAIN", "U_DEFDOM"},
    {28675, "UNITY_SPLITDNS_NAME", "U_SPLITDNS"},
    {28676, "UNITY_SPLIT_INCLUDE", "U_SPLITINC"},
    {28677, "UNITY_NATT_PORT", "U_NATTPORT"},
    {28678, "UNITY_LOCAL_LAN", "U_LOCALLAN"},
    {28679, "UNITY_PFS", "U_PFS"},
    {28680, "UNITY_FW_TYPE", "U_FWTYPE"},
    {28681, "UNITY_BACKUP_SERVERS", "U_BKPSRV"},
    {28682, "UNITY_DDNS_HOSTNAME", "U_DDNSHOST"},
};

const CfgNames* find_cfg(ModeCfgAttribute a) {
  for (const auto& n : kModeCfgAttributes) {
    if (n.value == num(a)) return &n;
  }
  return nullptr;
}

constexpr NameEntry kPhase1Encryption[] = {
    {1, "DES_CBC"},  {2, "IDEA_CBC"}, {3, "BLOWFISH_CBC"}, {4, "RC5_R16_B64_CBC"},
    {5, "3DES_CBC"}, {6, "CAST_CBC"}, {7, "AES_CBC"},      {8, "CAMELLIA_CBC"},
};

constexpr NameEntry kPhase1Hash[] = {
    {1, "MD5"}, {2, "SHA1"}, {3, "TIGER"}, {4, "SHA2_256"}, {5, "SHA2_384"}, {6, "SHA2_512"},
};

constexpr NameEntry kPhase1AuthMethods[] = {
    {1, "PRE_SHARED_KEY"},
    {2, "DSS_SIG"},
    {3, "RSA_SIG"},
    {4, "RSA_ENC"},
    {5, "RSA_ENC_REVISED"},
    {9, "ECDSA_SHA256"},
    {10, "ECDSA_SHA384"},
    {11, "ECDSA_SHA512"},
    {64221, "HYBRID_INIT_RSA"},
    {64222, "HYBRID_RESP_RSA"},
    {64223, "HYBRID_INIT_DSS"},
    {64224, "HYBRID_RESP_DSS"},
    {65001, "XAUTH_INIT_PSK"},
    {65002, "XAUTH_RESP_PSK"},
    {65003, "XAUTH_INIT_DSS"},
    {65004, "XAUTH_RESP_DSS"},
    {65005, "XAUTH_INIT_RSA"},
    {65006, "XAUTH_RESP_RSA"},
    {65007, "XAUTH_INIT_RSA_ENC"},
    {65008, "XAUTH_RESP_RSA_ENC"},
    {65009, "XAUTH_INIT_RSA_REV_ENC"},
    {65010, "XAUTH_RESP_RSA_REV_ENC"},
};

constexpr NameEntry kEspTransforms[] = {
    {1, "ESP_DES_IV64"},    {2, "ESP_DES"},
    {3, "ESP_3DES"},        {4, "ESP_RC5"},
    {5, "ESP_IDEA"},        {6, "ESP_CAST"},
    {7, "ESP_BLOWFISH"},    {8, "ESP_3IDEA"},
    {9, "ESP_DES_IV32"},    {10, "ESP_RC4"},
    {11, "ESP_NULL"},       {12, "ESP_AES"},
    {13, "ESP_AES_CTR"},    {14, "ESP_AES_CCM_8"},
    {15, "ESP_AES_CCM_12"}, {16, "ESP_AES_CCM_16"},
    {18, "ESP_AES_GCM_8"},  {19, "ESP_AES_GCM_12"},
    {20, "ESP_AES_GCM_16"}, {21, "ESP_SEED_CBC"},
    {22, "ESP_CAMELLIA"},   {23, "ESP_NULL_AUTH_AES_GMAC"},
};

constexpr NameEntry kIpsecAuth[] = {
    {1, "HMAC_MD5"},      {2, "HMAC_SHA1"},     {3, "DES_MAC"},       {4, "KPDK"},
    {5, "HMAC_SHA2_256"}, {6, "HMAC_SHA2_384"}, {7, "HMAC_SHA2_512"}, {8, "HMAC_RIPEMD"},
    {9, "AES_XCBC_MAC"},  {10, "SIG_RSA"},      {11, "AES_128_GMAC"}, {12, "AES_192_GMAC"},
    {13, "AES_256_GMAC"},
};

constexpr NameEntry kEncapsulationModes[] = {
    {1, "TUNNEL"},
    {2, "TRANSPORT"},
    {3, "UDP_ENCAPSULATED_TUNNEL"},
    {4, "UDP_ENCAPSULATED_TRANSPORT"},
    {61443, "UDP_ENCAPSULATED_TUNNEL_DRAFT"},
    {61444, "UDP_ENCAPSULATED_TRANSPORT_DRAFT"},
};

}  // namespace

std::string exchange_name(ExchangeType t) {
  return lookup_name(kExchanges, num(t), "EXCHANGE");
}
std::string payload_short_name(PayloadType t) {
  return lookup_name(kPayloads, num(t), "UNKNOWN");
}

std::string notify_name(NotifyType t) {
  const NotifyNames* n = find_notify(t);
  return n ? std::string(n->name) : unknown_name("NOTIFY", num(t));
}

std::string notify_short_name(NotifyType t) {
  const NotifyNames* n = find_notify(t);
  return n ? std::string(n->short_name) : unknown_name("NOTIFY", num(t));
}

std::string protocol_name(ProtocolId p) {
  return lookup_name(kProtocols, num(p), "PROTOCOL");
}
std::string id_type_name(IdType t) {
  return lookup_name(kIdTypes, num(t), "ID");
}
std::string phase1_attribute_name(Phase1Attribute a) {
  return lookup_name(kPhase1Attributes, num(a), "ATTRIBUTE");
}
std::string ipsec_attribute_name(IpsecAttribute a) {
  return lookup_name(kIpsecAttributes, num(a), "ATTRIBUTE");
}

std::string mode_cfg_attribute_name(ModeCfgAttribute a) {
  const CfgNames* n = find_cfg(a);
  return n ? std::string(n->name) : unknown_name("ATTRIBUTE", num(a));
}

std::string mode_cfg_attribute_short_name(ModeCfgAttribute a) {
  const CfgNames* n = find_cfg(a);
  return n ? std::string(n->short_name) : unknown_name("", num(a));
}

std::string phase1_encryption_name(Phase1Encryption e) {
  return lookup_name(kPhase1Encryption, num(e), "ENCR");
}
std::string phase1_hash_name(Phase1Hash h) {
  return lookup_name(kPhase1Hash, num(h), "HASH");
}
std::string phase1_auth_method_name(Phase1AuthMethod m) {
  return lookup_name(kPhase1AuthMethods, num(m), "AUTH");
}
std::string esp_transform_name(EspTransformId t) {
  return lookup_name(kEspTransforms, num(t), "ESP");
}
std::string ipsec_auth_algorithm_name(IpsecAuthAlgorithm a) {
  return lookup_name(kIpsecAuth, num(a), "AUTH");
}
std::string encapsulation_mode_name(EncapsulationMode m) {
  return lookup_name(kEncapsulationModes, num(m), "MODE");
}

}  // namespace oakley::wire::ikev1
