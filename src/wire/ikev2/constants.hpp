// IKEv2 numbers (RFC 7296 section 3 and the IANA "IKEv2 Parameters" registry). Enums are wide
// enough to hold any value the wire carries: a number without a named enumerator is still a valid
// value of the enum, so unknown exchange types, notify types, ... pass through unchanged.
// Transform IDs are the oakley::EncrId/PrfId/IntegId/DhId enums of common/algorithm_ids.hpp.
#pragma once

#include <cstdint>

namespace oakley::wire::ikev2 {

inline constexpr std::uint8_t kMajorVersion = 2;
inline constexpr std::uint8_t kMinorVersion = 0;

// Header flags (RFC 7296 3.1).
inline constexpr std::uint8_t kFlagInitiator = 0x08;
inline constexpr std::uint8_t kFlagVersion = 0x10;
inline constexpr std::uint8_t kFlagResponse = 0x20;

// Generic payload header: the critical bit of the flags byte.
inline constexpr std::uint8_t kCriticalBit = 0x80;

enum class PayloadType : std::uint8_t {
  kNone = 0,
  kSa = 33,
  kKe = 34,
  kIdi = 35,
  kIdr = 36,
  kCert = 37,
  kCertreq = 38,
  kAuth = 39,
  kNonce = 40,
  kNotify = 41,
  kDelete = 42,
  kVendorId = 43,
  kTsi = 44,
  kTsr = 45,
  kSk = 46,
  kCp = 47,
  kEap = 48,
  kGspm = 49,  // RFC 6467
  kIdg = 50,   // RFC 9838 (G-IKEv2)
  kGsa = 51,
  kKd = 52,
  kSkf = 53,  // RFC 7383
  kPs = 54,   // RFC 8019
};

enum class ExchangeType : std::uint8_t {
  kIkeSaInit = 34,
  kIkeAuth = 35,
  kCreateChildSa = 36,
  kInformational = 37,
  kIkeSessionResume = 38,  // RFC 5723
  kGsaAuth = 39,
  kGsaRegistration = 40,
  kGsaRekey = 41,
  kIkeIntermediate = 43,  // RFC 9242
  kIkeFollowupKe = 44,    // RFC 9370
};

// Security protocol IDs (SA proposals, Notify, Delete).
enum class ProtocolId : std::uint8_t {
  kNone = 0,
  kIke = 1,
  kAh = 2,
  kEsp = 3,
};

enum class IdType : std::uint8_t {
  kIpv4Addr = 1,
  kFqdn = 2,
  kRfc822Addr = 3,
  kIpv6Addr = 5,
  kDerAsn1Dn = 9,
  kDerAsn1Gn = 10,
  kKeyId = 11,
  kFcName = 12,
  kNull = 13,  // RFC 7619
};

enum class AuthMethod : std::uint8_t {
  kRsaSig = 1,
  kSharedKeyMic = 2,
  kDssSig = 3,
  kEcdsaSha256P256 = 9,  // RFC 4754
  kEcdsaSha384P384 = 10,
  kEcdsaSha512P521 = 11,
  kGenericSecurePassword = 12,  // RFC 6467
  kNull = 13,                   // RFC 7619
  kDigitalSignature = 14,       // RFC 7427
};

enum class CertEncoding : std::uint8_t {
  kPkcs7X509 = 1,
  kPgp = 2,
  kDnsSignedKey = 3,
  kX509Signature = 4,
  kKerberosToken = 6,
  kCrl = 7,
  kArl = 8,
  kSpki = 9,
  kX509Attribute = 10,
  kRawRsaKey = 11,
  kHashUrlX509Cert = 12,
  kHashUrlX509Bundle = 13,
  kOcspContent = 14,   // RFC 4806
  kRawPublicKey = 15,  // RFC 7670
};

enum class TsType : std::uint8_t {
  kIpv4AddrRange = 7,
  kIpv6AddrRange = 8,
  kFcAddrRange = 9,  // RFC 4595
  kSecLabel = 10,    // RFC 9478
};

enum class CfgType : std::uint8_t {
  kRequest = 1,
  kReply = 2,
  kSet = 3,
  kAck = 4,
};

enum class CpAttributeType : std::uint16_t {
  kInternalIp4Address = 1,
  kInternalIp4Netmask = 2,
  kInternalIp4Dns = 3,
  kInternalIp4Nbns = 4,
  kInternalIp4Dhcp = 6,
  kApplicationVersion = 7,
  kInternalIp6Address = 8,
  kInternalIp6Dns = 10,
  kInternalIp6Dhcp = 12,
  kInternalIp4Subnet = 13,
  kSupportedAttributes = 14,
  kInternalIp6Subnet = 15,
  kMip6HomePrefix = 16,
  kInternalIp6Link = 17,
  kInternalIp6Prefix = 18,
  kHomeAgentAddress = 19,
  kPCscfIp4Address = 20,
  kPCscfIp6Address = 21,
  kFttKat = 22,
  kExternalSourceIp4NatInfo = 23,
  kTimeoutPeriodForLivenessCheck = 24,
  kInternalDnsDomain = 25,
  kInternalDnssecTa = 26,
};

// Transform attribute types (RFC 7296 3.3.5): only Key Length is defined.
inline constexpr std::uint16_t kAttrKeyLength = 14;

enum class NotifyType : std::uint16_t {
  // Errors (0..16383).
  kUnsupportedCriticalPayload = 1,
  kInvalidIkeSpi = 4,
  kInvalidMajorVersion = 5,
  kInvalidSyntax = 7,
  kInvalidMessageId = 9,
  kInvalidSpi = 11,
  kNoProposalChosen = 14,
  kInvalidKePayload = 17,
  kAuthenticationFailed = 24,
  kSinglePairRequired = 34,
  kNoAdditionalSas = 35,
  kInternalAddressFailure = 36,
  kFailedCpRequired = 37,
  kTsUnacceptable = 38,
  kInvalidSelectors = 39,
  kUnacceptableAddresses = 40,
  kUnexpectedNatDetected = 41,
  kUseAssignedHoa = 42,
  kTemporaryFailure = 43,
  kChildSaNotFound = 44,
  kInvalidGroupId = 45,
  kAuthorizationFailed = 46,
  kStateNotFound = 47,
  // Status types (16384..).
  kInitialContact = 16384,
  kSetWindowSize = 16385,
  kAdditionalTsPossible = 16386,
  kIpcompSupported = 16387,
  kNatDetectionSourceIp = 16388,
  kNatDetectionDestinationIp = 16389,
  kCookie = 16390,
  kUseTransportMode = 16391,
  kHttpCertLookupSupported = 16392,
  kRekeySa = 16393,
  kEspTfcPaddingNotSupported = 16394,
  kNonFirstFragmentsAlso = 16395,
  kMobikeSupported = 16396,
  kAdditionalIp4Address = 16397,
  kAdditionalIp6Address = 16398,
  kNoAdditionalAddresses = 16399,
  kUpdateSaAddresses = 16400,
  kCookie2 = 16401,
  kNoNatsAllowed = 16402,
  kAuthLifetime = 16403,
  kMultipleAuthSupported = 16404,
  kAnotherAuthFollows = 16405,
  kRedirectSupported = 16406,
  kRedirect = 16407,
  kRedirectedFrom = 16408,
  kTicketLtOpaque = 16409,
  kTicketRequest = 16410,
  kTicketAck = 16411,
  kTicketNack = 16412,
  kTicketOpaque = 16413,
  kLinkId = 16414,
  kUseWespMode = 16415,
  kRohcSupported = 16416,
  kEapOnlyAuthentication = 16417,
  kChildlessIkev2Supported = 16418,
  kQuickCrashDetection = 16419,
  kIkev2MessageIdSyncSupported = 16420,
  kIpsecReplayCounterSyncSupported = 16421,
  kIkev2MessageIdSync = 16422,
  kIpsecReplayCounterSync = 16423,
  kSecurePasswordMethods = 16424,
  kPskPersist = 16425,
  kPskConfirm = 16426,
  kErxSupported = 16427,
  kIfomCapability = 16428,
  kSenderRequestId = 16429,
  kIkev2FragmentationSupported = 16430,
  kSignatureHashAlgorithms = 16431,
  kCloneIkeSaSupported = 16432,
  kCloneIkeSa = 16433,
  kPuzzle = 16434,
  kUsePpk = 16435,
  kPpkIdentity = 16436,
  kNoPpkAuth = 16437,
  kIntermediateExchangeSupported = 16438,
  kIp4Allowed = 16439,
  kIp6Allowed = 16440,
  kAdditionalKeyExchange = 16441,
  kUseAggfrag = 16442,
  kSupportedAuthMethods = 16443,
  kSaResourceInfo = 16444,
};

inline constexpr bool is_error(NotifyType t) {
  return static_cast<std::uint16_t>(t) < 16384;
}

}  // namespace oakley::wire::ikev2
