// ISAKMP / IKEv1 numbers: RFC 2408 (ISAKMP), RFC 2407 (IPsec DOI), RFC 2409 appendix A (IKE),
// RFC 3947 (NAT-T), RFC 3706 (DPD), draft-dukes-ike-mode-cfg / draft-beaulieu-ike-xauth (Mode
// Config, XAUTH) and the IANA "ISAKMP" and "IPsec DOI" registries. As for IKEv2, any number fits
// its enum, so values without a named enumerator pass through unchanged.
#pragma once

#include <cstdint>

namespace oakley::wire::ikev1 {

inline constexpr std::uint8_t kMajorVersion = 1;
inline constexpr std::uint8_t kMinorVersion = 0;

// Header flags (RFC 2408 3.1).
inline constexpr std::uint8_t kFlagEncryption = 0x01;
inline constexpr std::uint8_t kFlagCommit = 0x02;
inline constexpr std::uint8_t kFlagAuthOnly = 0x04;

// DOI and situation (RFC 2407 4.2).
inline constexpr std::uint32_t kDoiIsakmp = 0;
inline constexpr std::uint32_t kDoiIpsec = 1;
inline constexpr std::uint32_t kSitIdentityOnly = 1;
inline constexpr std::uint32_t kSitSecrecy = 2;
inline constexpr std::uint32_t kSitIntegrity = 4;

enum class PayloadType : std::uint8_t {
  kNone = 0,
  kSa = 1,
  kProposal = 2,
  kTransform = 3,
  kKe = 4,
  kId = 5,
  kCert = 6,
  kCertreq = 7,
  kHash = 8,
  kSig = 9,
  kNonce = 10,
  kNotification = 11,
  kDelete = 12,
  kVendorId = 13,
  kAttribute = 14,  // Mode Config
  kSak = 15,        // RFC 6407 (GDOI) 15-19 and 22
  kSat = 16,
  kKd = 17,
  kSeq = 18,
  kPop = 19,
  kNatD = 20,  // RFC 3947
  kNatOa = 21,
  kGap = 22,
  kNatDDraft = 130,  // draft-ietf-ipsec-nat-t-ike-02/03
  kNatOaDraft = 131,
  kFragment = 132,  // Cisco / strongSwan IKEv1 fragmentation
};

enum class ExchangeType : std::uint8_t {
  kBase = 1,
  kIdentityProtection = 2,  // Main Mode
  kAuthenticationOnly = 3,
  kAggressive = 4,
  kInformational = 5,
  kTransaction = 6,  // Mode Config / XAUTH
  kQuickMode = 32,
  kNewGroupMode = 33,
};

enum class ProtocolId : std::uint8_t {
  kNone = 0,
  kIsakmp = 1,
  kAh = 2,
  kEsp = 3,
  kIpcomp = 4,
};

enum class IdType : std::uint8_t {
  kIpv4Addr = 1,
  kFqdn = 2,
  kUserFqdn = 3,
  kIpv4AddrSubnet = 4,
  kIpv6Addr = 5,
  kIpv6AddrSubnet = 6,
  kIpv4AddrRange = 7,
  kIpv6AddrRange = 8,
  kDerAsn1Dn = 9,
  kDerAsn1Gn = 10,
  kKeyId = 11,
  kList = 12,  // RFC 3554
};

enum class CertEncoding : std::uint8_t {
  kPkcs7X509 = 1,
  kPgp = 2,
  kDnsSignedKey = 3,
  kX509Signature = 4,
  kX509KeyExchange = 5,
  kKerberosToken = 6,
  kCrl = 7,
  kArl = 8,
  kSpki = 9,
  kX509Attribute = 10,
};

enum class NotifyType : std::uint16_t {
  kInvalidPayloadType = 1,
  kDoiNotSupported = 2,
  kSituationNotSupported = 3,
  kInvalidCookie = 4,
  kInvalidMajorVersion = 5,
  kInvalidMinorVersion = 6,
  kInvalidExchangeType = 7,
  kInvalidFlags = 8,
  kInvalidMessageId = 9,
  kInvalidProtocolId = 10,
  kInvalidSpi = 11,
  kInvalidTransformId = 12,
  kAttributesNotSupported = 13,
  kNoProposalChosen = 14,
  kBadProposalSyntax = 15,
  kPayloadMalformed = 16,
  kInvalidKeyInformation = 17,
  kInvalidIdInformation = 18,
  kInvalidCertEncoding = 19,
  kInvalidCertificate = 20,
  kCertTypeUnsupported = 21,
  kInvalidCertAuthority = 22,
  kInvalidHashInformation = 23,
  kAuthenticationFailed = 24,
  kInvalidSignature = 25,
  kAddressNotification = 26,
  kNotifySaLifetime = 27,
  kCertificateUnavailable = 28,
  kUnsupportedExchangeType = 29,
  kUnequalPayloadLengths = 30,
  kConnected = 16384,
  kResponderLifetime = 24576,  // RFC 2407 4.6.3
  kReplayStatus = 24577,
  kInitialContact = 24578,
  kRUThere = 36136,  // RFC 3706
  kRUThereAck = 36137,
};

// Transform ID of every PROTO_ISAKMP transform (RFC 2407 4.4.2).
inline constexpr std::uint8_t kTransformKeyIke = 1;

// Phase 1 attribute classes (RFC 2409 appendix A).
enum class Phase1Attribute : std::uint16_t {
  kEncryptionAlgorithm = 1,
  kHashAlgorithm = 2,
  kAuthenticationMethod = 3,
  kGroupDescription = 4,  // values: oakley::DhId numbers
  kGroupType = 5,
  kGroupPrime = 6,
  kGroupGeneratorOne = 7,
  kGroupGeneratorTwo = 8,
  kGroupCurveA = 9,
  kGroupCurveB = 10,
  kLifeType = 11,
  kLifeDuration = 12,
  kPrf = 13,
  kKeyLength = 14,
  kFieldSize = 15,
  kGroupOrder = 16,
};

enum class Phase1Encryption : std::uint16_t {
  kDesCbc = 1,
  kIdeaCbc = 2,
  kBlowfishCbc = 3,
  kRc5R16B64Cbc = 4,
  k3desCbc = 5,
  kCastCbc = 6,
  kAesCbc = 7,  // RFC 3602
  kCamelliaCbc = 8,
};

enum class Phase1Hash : std::uint16_t {
  kMd5 = 1,
  kSha1 = 2,
  kTiger = 3,
  kSha2_256 = 4,
  kSha2_384 = 5,
  kSha2_512 = 6,
};

enum class Phase1AuthMethod : std::uint16_t {
  kPreSharedKey = 1,
  kDssSig = 2,
  kRsaSig = 3,
  kRsaEnc = 4,
  kRsaEncRevised = 5,
  kEcdsaSha256 = 9,  // RFC 4754
  kEcdsaSha384 = 10,
  kEcdsaSha512 = 11,
  kHybridInitRsa = 64221,
  kHybridRespRsa = 64222,
  kHybridInitDss = 64223,
  kHybridRespDss = 64224,
  kXauthInitPreShared = 65001,
  kXauthRespPreShared = 65002,
  kXauthInitDss = 65003,
  kXauthRespDss = 65004,
  kXauthInitRsa = 65005,
  kXauthRespRsa = 65006,
  kXauthInitRsaEnc = 65007,
  kXauthRespRsaEnc = 65008,
  kXauthInitRsaRevEnc = 65009,
  kXauthRespRsaRevEnc = 65010,
};

// Life Type values of both Phase 1 and IPsec attributes.
enum class LifeType : std::uint16_t { kSeconds = 1, kKilobytes = 2 };

// IPsec DOI SA attributes (RFC 2407 4.5 and later registrations).
enum class IpsecAttribute : std::uint16_t {
  kSaLifeType = 1,
  kSaLifeDuration = 2,
  kGroupDescription = 3,
  kEncapsulationMode = 4,
  kAuthenticationAlgorithm = 5,
  kKeyLength = 6,
  kKeyRounds = 7,
  kCompressDictionarySize = 8,
  kCompressPrivateAlgorithm = 9,
  kEcnTunnel = 10,               // RFC 3168
  kExtendedSequenceNumber = 11,  // RFC 4304
  kAuthenticationKeyLength = 12,
  kSignatureEncodingAlgorithm = 13,
  kAddressPreservation = 14,
  kSaDirection = 15,
};

enum class EncapsulationMode : std::uint16_t {
  kTunnel = 1,
  kTransport = 2,
  kUdpEncapsulatedTunnel = 3,  // RFC 3947
  kUdpEncapsulatedTransport = 4,
  kUdpEncapsulatedTunnelDraft = 61443,  // draft-ietf-ipsec-nat-t-ike
  kUdpEncapsulatedTransportDraft = 61444,
};

enum class IpsecAuthAlgorithm : std::uint16_t {
  kHmacMd5 = 1,
  kHmacSha1 = 2,
  kDesMac = 3,
  kKpdk = 4,
  kHmacSha2_256 = 5,
  kHmacSha2_384 = 6,
  kHmacSha2_512 = 7,
  kHmacRipemd = 8,
  kAesXcbcMac = 9,
  kSigRsa = 10,
  kAes128Gmac = 11,
  kAes192Gmac = 12,
  kAes256Gmac = 13,
};

// ESP transform IDs (RFC 2407 4.4.4); where they overlap they equal IKEv2's EncrId numbers.
enum class EspTransformId : std::uint8_t {
  kDesIv64 = 1,
  kDes = 2,
  k3des = 3,
  kRc5 = 4,
  kIdea = 5,
  kCast = 6,
  kBlowfish = 7,
  k3idea = 8,
  kDesIv32 = 9,
  kRc4 = 10,
  kNull = 11,
  kAes = 12,  // AES-CBC
  kAesCtr = 13,
  kAesCcm8 = 14,
  kAesCcm12 = 15,
  kAesCcm16 = 16,
  kAesGcm8 = 18,
  kAesGcm12 = 19,
  kAesGcm16 = 20,
  kSeedCbc = 21,
  kCamellia = 22,
  kNullAuthAesGmac = 23,
};

enum class AhTransformId : std::uint8_t {
  kMd5 = 2,
  kSha = 3,
  kDes = 4,
  kSha2_256 = 5,
  kSha2_384 = 6,
  kSha2_512 = 7,
  kRipemd = 8,
  kAesXcbcMac = 9,
  kRsa = 10,
  kAes128Gmac = 11,
  kAes192Gmac = 12,
  kAes256Gmac = 13,
};

enum class IpcompTransformId : std::uint8_t { kOui = 1, kDeflate = 2, kLzs = 3, kLzjh = 4 };

// Mode Config (payload type 14).
enum class CfgType : std::uint8_t { kRequest = 1, kReply = 2, kSet = 3, kAck = 4 };

enum class ModeCfgAttribute : std::uint16_t {
  kInternalIp4Address = 1,
  kInternalIp4Netmask = 2,
  kInternalIp4Dns = 3,
  kInternalIp4Nbns = 4,
  kInternalAddressExpiry = 5,
  kInternalIp4Dhcp = 6,
  kApplicationVersion = 7,
  kInternalIp6Address = 8,
  kInternalIp6Netmask = 9,
  kInternalIp6Dns = 10,
  kInternalIp6Nbns = 11,
  kInternalIp6Dhcp = 12,
  kInternalIp4Subnet = 13,
  kSupportedAttributes = 14,
  kInternalIp6Subnet = 15,
  kXauthType = 16520,
  kXauthUserName = 16521,
  kXauthUserPassword = 16522,
  kXauthPasscode = 16523,
  kXauthMessage = 16524,
  kXauthChallenge = 16525,
  kXauthDomain = 16526,
  kXauthStatus = 16527,
  kXauthNextPin = 16528,
  kXauthAnswer = 16529,
  kUnityBanner = 28672,
  kUnitySavePasswd = 28673,
  kUnityDefDomain = 28674,
  kUnitySplitDnsName = 28675,
  kUnitySplitInclude = 28676,
  kUnityNattPort = 28677,
  kUnityLocalLan = 28678,
  kUnityPfs = 28679,
  kUnityFwType = 28680,
  kUnityBackupServers = 28681,
  kUnityDdnsHostname = 28682,
};

// Flags of the fragmentation payload.
inline constexpr std::uint8_t kFragmentLast = 0x01;

}  // namespace oakley::wire::ikev1
