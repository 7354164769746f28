#include "wire/ikev2/names.hpp"

#include "wire/names.hpp"

namespace oakley::wire::ikev2 {

namespace {

constexpr NameEntry kExchanges[] = {
    {34, "IKE_SA_INIT"},      {35, "IKE_AUTH"},           {36, "CREATE_CHILD_SA"},
    {37, "INFORMATIONAL"},    {38, "IKE_SESSION_RESUME"}, {39, "GSA_AUTH"},
    {40, "GSA_REGISTRATION"}, {41, "GSA_REKEY"},          {43, "IKE_INTERMEDIATE"},
    {44, "IKE_FOLLOWUP_KE"},
};

constexpr NameEntry kPayloads[] = {
    {0, "NONE"},     {33, "SA"},   {34, "KE"}, {35, "IDi"}, {36, "IDr"}, {37, "CERT"},
    {38, "CERTREQ"}, {39, "AUTH"}, {40, "No"}, {41, "N"},   {42, "D"},   {43, "V"},
    {44, "TSi"},     {45, "TSr"},  {46, "SK"}, {47, "CP"},  {48, "EAP"}, {49, "GSPM"},
    {50, "IDg"},     {51, "GSA"},  {52, "KD"}, {53, "SKF"}, {54, "PS"},
};

struct NotifyNames {
  std::uint16_t value;
  std::string_view name;
  std::string_view short_name;
};

constexpr NotifyNames kNotifies[] = {
    {1, "UNSUPPORTED_CRITICAL_PAYLOAD", "CRIT"},
    {4, "INVALID_IKE_SPI", "INVAL_IKE_SPI"},
    {5, "INVALID_MAJOR_VERSION", "INVAL_MAJOR"},
    {7, "INVALID_SYNTAX", "INVAL_SYN"},
    {9, "INVALID_MESSAGE_ID", "INVAL_MID"},
    {11, "INVALID_SPI", "INVAL_SPI"},
    {14, "NO_PROPOSAL_CHOSEN", "NO_PROP"},
    {17, "INVALID_KE_PAYLOAD", "INVAL_KE"},
    {24, "AUTHENTICATION_FAILED", "AUTH_FAILED"},
    {34, "SINGLE_PAIR_REQUIRED", "SINGLE_PAIR"},
    {35, "NO_ADDITIONAL_SAS", "NO_ADD_SAS"},
    {36, "INTERNAL_ADDRESS_FAILURE", "INT_ADDR_FAIL"},
    {37, "FAILED_CP_REQUIRED", "FAIL_CP_REQ"},
    {38, "TS_UNACCEPTABLE", "TS_UNACCEPT"},
    {39, "INVALID_SELECTORS", "INVAL_SEL"},
    {40, "UNACCEPTABLE_ADDRESSES", "UNACCEPT_ADDR"},
    {41, "UNEXPECTED_NAT_DETECTED", "UNEXPECT_NAT"},
    {42, "USE_ASSIGNED_HoA", "ASSIGNED_HoA"},
    {43, "TEMPORARY_FAILURE", "TEMP_FAIL"},
    {44, "CHILD_SA_NOT_FOUND", "NO_CHILD_SA"},
    {45, "INVALID_GROUP_ID", "INVAL_GROUP_ID"},
    {46, "AUTHORIZATION_FAILED", "AUTHZ_FAILED"},
    {47, "STATE_NOT_FOUND", "STATE_NOT_FOUND"},
    {16384, "INITIAL_CONTACT", "INIT_CONTACT"},
    {16385, "SET_WINDOW_SIZE", "SET_WINSIZE"},
    {16386, "ADDITIONAL_TS_POSSIBLE", "ADD_TS_POSS"},
    {16387, "IPCOMP_SUPPORTED", "IPCOMP_SUP"},
    {16388, "NAT_DETECTION_SOURCE_IP", "NATD_S_IP"},
    {16389, "NAT_DETECTION_DESTINATION_IP", "NATD_D_IP"},
    {16390, "COOKIE", "COOKIE"},
    {16391, "USE_TRANSPORT_MODE", "USE_TRANSP"},
    {16392, "HTTP_CERT_LOOKUP_SUPPORTED", "HTTP_CERT_LOOK"},
    {16393, "REKEY_SA", "REKEY_SA"},
    {16394, "ESP_TFC_PADDING_NOT_SUPPORTED", "ESP_TFC_PAD_N"},
    {16395, "NON_FIRST_FRAGMENTS_ALSO", "NON_FIRST_FRAG"},
    {16396, "MOBIKE_SUPPORTED", "MOBIKE_SUP"},
    {16397, "ADDITIONAL_IP4_ADDRESS", "ADD_4_ADDR"},
    {16398, "ADDITIONAL_IP6_ADDRESS", "ADD_6_ADDR"},
    {16399, "NO_ADDITIONAL_ADDRESSES", "NO_ADD_ADDR"},
    {16400, "UPDATE_SA_ADDRESSES", "UPD_SA_ADDR"},
    {16401, "COOKIE2", "COOKIE2"},
    {16402, "NO_NATS_ALLOWED", "NO_NATS"},
    {16403, "AUTH_LIFETIME", "AUTH_LFT"},
    {16404, "MULTIPLE_AUTH_SUPPORTED", "MULT_AUTH"},
    {16405, "ANOTHER_AUTH_FOLLOWS", "AUTH_FOLLOWS"},
    {16406, "REDIRECT_SUPPORTED", "REDIR_SUP"},
    {16407, "REDIRECT", "REDIR"},
    {16408, "REDIRECTED_FROM", "REDIR_FROM"},
    {16409, "TICKET_LT_OPAQUE", "TKT_LT_OPAK"},
    {16410, "TICKET_REQUEST", "TKT_REQ"},
    {16411, "TICKET_ACK", "TKT_ACK"},
    {16412, "TICKET_NACK", "TKT_NACK"},
    {16413, "TICKET_OPAQUE", "TKT_OPAK"},
    {16414, "LINK_ID", "LINK_ID"},
    {16415, "USE_WESP_MODE", "WESP_MODE"},
    {16416, "ROHC_SUPPORTED", "ROHC_SUP"},
    {16417, "EAP_ONLY_AUTHENTICATION", "EAP_ONLY"},
    {16418, "CHILDLESS_IKEV2_SUPPORTED", "CHDLESS_SUP"},
    {16419, "QUICK_CRASH_DETECTION", "CRASH_DET"},
    {16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED", "MSG_ID_SYN_SUP"},
    {16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED", "RPL_CTR_SYN_SUP"},
    {16422, "IKEV2_MESSAGE_ID_SYNC", "MSG_ID_SYN"},
    {16423, "IPSEC_REPLAY_COUNTER_SYNC", "RPL_CTR_SYN"},
    {16424, "SECURE_PASSWORD_METHODS", "SEC_PASSWD"},
    {16425, "PSK_PERSIST", "PSK_PST"},
    {16426, "PSK_CONFIRM", "PSK_CFM"},
    {16427, "ERX_SUPPORTED", "ERX_SUP"},
    {16428, "IFOM_CAPABILITY", "IFOM_CAP"},
    {16429, "SENDER_REQUEST_ID", "SENDER_REQ_ID"},
    {16430, "IKEV2_FRAGMENTATION_SUPPORTED", "FRAG_SUP"},
    {16431, "SIGNATURE_HASH_ALGORITHMS", "HASH_ALG"},
    {16432, "CLONE_IKE_SA_SUPPORTED", "CLONE_IKE_SA_SUP"},
    {16433, "CLONE_IKE_SA", "CLONE_IKE_SA"},
    {16434, "PUZZLE", "PUZZLE"},
    {16435, "USE_PPK", "USE_PPK"},
    {16436, "PPK_IDENTITY", "PPK_ID"},
    {16437, "NO_PPK_AUTH", "NO_PPK"},
    {16438, "INTERMEDIATE_EXCHANGE_SUPPORTED", "IKE_INT_SUP"},
    {16439, "IP4_ALLOWED", "IP4_ALLOWED"},
    {16440, "IP6_ALLOWED", "IP6_ALLOWED"},
    {16441, "ADDITIONAL_KEY_EXCHANGE", "ADD_KE"},
    {16442, "USE_AGGFRAG", "USE_AGGFRAG"},
    {16443, "SUPPORTED_AUTH_METHODS", "AUTH_METHODS"},
    {16444, "SA_RESOURCE_INFO", "SA_RES_INFO"},
};

const NotifyNames* find_notify_names(NotifyType t) {
  for (const auto& n : kNotifies) {
    if (n.value == static_cast<std::uint16_t>(t)) return &n;
  }
  return nullptr;
}

constexpr NameEntry kProtocols[] = {{0, "NONE"}, {1, "IKE"}, {2, "AH"}, {3, "ESP"}};

constexpr NameEntry kIdTypes[] = {
    {1, "ID_IPV4_ADDR"}, {2, "ID_FQDN"},        {3, "ID_RFC822_ADDR"},
    {5, "ID_IPV6_ADDR"}, {9, "ID_DER_ASN1_DN"}, {10, "ID_DER_ASN1_GN"},
    {11, "ID_KEY_ID"},   {12, "ID_FC_NAME"},    {13, "ID_NULL"},
};

constexpr NameEntry kAuthMethods[] = {
    {1, "RSA_SIG"},
    {2, "SHARED_KEY_MIC"},
    {3, "DSS_SIG"},
    {9, "ECDSA_SHA256_P256"},
    {10, "ECDSA_SHA384_P384"},
    {11, "ECDSA_SHA512_P521"},
    {12, "GSPM"},
    {13, "NULL_AUTH"},
    {14, "DIGITAL_SIGNATURE"},
};

constexpr NameEntry kTransformTypes[] = {
    {1, "ENCR"},   {2, "PRF"},    {3, "INTEG"},  {4, "KE"},      {5, "ESN"},     {6, "ADDKE1"},
    {7, "ADDKE2"}, {8, "ADDKE3"}, {9, "ADDKE4"}, {10, "ADDKE5"}, {11, "ADDKE6"}, {12, "ADDKE7"},
};

constexpr NameEntry kCfgTypes[] = {
    {1, "CFG_REQUEST"},
    {2, "CFG_REPLY"},
    {3, "CFG_SET"},
    {4, "CFG_ACK"},
};

struct CpNames {
  std::uint16_t value;
  std::string_view name;
  std::string_view short_name;
};

constexpr CpNames kCpAttributes[] = {
    {1, "INTERNAL_IP4_ADDRESS", "ADDR"},
    {2, "INTERNAL_IP4_NETMASK", "MASK"},
    {3, "INTERNAL_IP4_DNS", "DNS"},
    {4, "INTERNAL_IP4_NBNS", "NBNS"},
    {6, "INTERNAL_IP4_DHCP", "DHCP"},
    {7, "APPLICATION_VERSION", "VER"},
    {8, "INTERNAL_IP6_ADDRESS", "ADDR6"},
    {10, "INTERNAL_IP6_DNS", "DNS6"},
    {12, "INTERNAL_IP6_DHCP", "DHCP6"},
    {13, "INTERNAL_IP4_SUBNET", "SUBNET"},
    {14, "SUPPORTED_ATTRIBUTES", "SUP"},
    {15, "INTERNAL_IP6_SUBNET", "SUBNET6"},
    {16, "MIP6_HOME_PREFIX", "HOME_PREFIX"},
    {17, "INTERNAL_IP6_LINK", "LINK6"},
    {18, "INTERNAL_IP6_PREFIX", "PREFIX6"},
    {19, "HOME_AGENT_ADDRESS", "HOME_AGENT"},
    {20, "P_CSCF_IP4_ADDRESS", "PCSCF"},
    {21, "P_CSCF_IP6_ADDRESS", "PCSCF6"},
    {22, "FTT_KAT", "FTT_KAT"},
    {23, "EXTERNAL_SOURCE_IP4_NAT_INFO", "EXT_NAT"},
    {24, "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK", "LIVENESS"},
    {25, "INTERNAL_DNS_DOMAIN", "DOMAIN"},
    {26, "INTERNAL_DNSSEC_TA", "DNSSEC_TA"},
};

const CpNames* find_cp_names(CpAttributeType t) {
  for (const auto& n : kCpAttributes) {
    if (n.value == static_cast<std::uint16_t>(t)) return &n;
  }
  return nullptr;
}

constexpr NameEntry kCertEncodings[] = {
    {1, "PKCS7_WRAPPED_X509"},
    {2, "PGP"},
    {3, "DNS_SIGNED_KEY"},
    {4, "X509_SIGNATURE"},
    {6, "KERBEROS_TOKEN"},
    {7, "CRL"},
    {8, "ARL"},
    {9, "SPKI"},
    {10, "X509_ATTRIBUTE"},
    {11, "RAW_RSA_KEY"},
    {12, "HASH_URL_X509_CERT"},
    {13, "HASH_URL_X509_BUNDLE"},
    {14, "OCSP_CONTENT"},
    {15, "RAW_PUBLIC_KEY"},
};

constexpr NameEntry kTsTypes[] = {
    {7, "TS_IPV4_ADDR_RANGE"},
    {8, "TS_IPV6_ADDR_RANGE"},
    {9, "TS_FC_ADDR_RANGE"},
    {10, "TS_SECLABEL"},
};

template <typename E>
std::uint32_t num(E e) {
  return static_cast<std::uint32_t>(e);
}

}  // namespace

std::string exchange_name(ExchangeType t) {
  return lookup_name(kExchanges, num(t), "EXCHANGE");
}

std::string payload_short_name(PayloadType t) {
  return lookup_name(kPayloads, num(t), "UNKNOWN");
}

std::string notify_name(NotifyType t) {
  const NotifyNames* n = find_notify_names(t);
  return n ? std::string(n->name) : unknown_name("NOTIFY", num(t));
}

std::string notify_short_name(NotifyType t) {
  const NotifyNames* n = find_notify_names(t);
  return n ? std::string(n->short_name) : unknown_name("NOTIFY", num(t));
}

std::string protocol_name(ProtocolId p) {
  return lookup_name(kProtocols, num(p), "PROTOCOL");
}
std::string id_type_name(IdType t) {
  return lookup_name(kIdTypes, num(t), "ID");
}
std::string auth_method_name(AuthMethod m) {
  return lookup_name(kAuthMethods, num(m), "AUTH_METHOD");
}
std::string transform_type_name(TransformType t) {
  return lookup_name(kTransformTypes, num(t), "TRANSFORM");
}
std::string cfg_type_name(CfgType t) {
  return lookup_name(kCfgTypes, num(t), "CFG");
}

std::string cp_attribute_name(CpAttributeType t) {
  const CpNames* n = find_cp_names(t);
  return n ? std::string(n->name) : unknown_name("ATTRIBUTE", num(t));
}

std::string cp_attribute_short_name(CpAttributeType t) {
  const CpNames* n = find_cp_names(t);
  return n ? std::string(n->short_name) : unknown_name("", num(t));
}

std::string cert_encoding_name(CertEncoding e) {
  return lookup_name(kCertEncodings, num(e), "CERT_ENCODING");
}
std::string ts_type_name(TsType t) {
  return lookup_name(kTsTypes, num(t), "TS");
}

}  // namespace oakley::wire::ikev2
