#include "ike/wireshark_keys.hpp"

#include <fmt/format.h>

namespace oakley::ike {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void text(SecretBytes& out, std::string_view s) {
  out.append(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

void hex(SecretBytes& out, ByteView bytes) {
  for (auto b : bytes) {
    std::uint8_t pair[2] = {static_cast<std::uint8_t>(kHex[b >> 4]),
                            static_cast<std::uint8_t>(kHex[b & 15])};
    out.append(ByteView(pair, 2));
  }
}

// Wireshark's UAT files quote text fields; byte fields (SPIs, cookies and keys of the IKE tables)
// are bare hex, or Wireshark would read the quoted digits as ASCII bytes.
void field(SecretBytes& out, bool first, auto&& write) {
  if (!first) text(out, ",");
  write();
}

void quoted(SecretBytes& out, bool first, auto&& write) {
  field(out, first, [&] {
    text(out, "\"");
    write();
    text(out, "\"");
  });
}

std::optional<std::string_view> by_bits(unsigned bits, std::string_view b128, std::string_view b192,
                                        std::string_view b256) {
  switch (bits) {
    case 128:
      return b128;
    case 192:
      return b192;
    case 256:
      return b256;
    default:
      return std::nullopt;
  }
}

void ikev2_row(SecretBytes& out, const IkeSaKeys& k) {
  auto encr = wireshark_ikev2_encr(k.encr, k.encr_key_bits);
  if (!encr) {
    text(out, fmt::format("# {:016x} {:016x}: {} cannot be decrypted by Wireshark 4.0\n", k.spi_i,
                          k.spi_r, encr_name(k.encr)));
    return;
  }
  field(out, true, [&] { text(out, fmt::format("{:016x}", k.spi_i)); });
  field(out, false, [&] { text(out, fmt::format("{:016x}", k.spi_r)); });
  field(out, false, [&] { hex(out, k.encr_i); });
  field(out, false, [&] { hex(out, k.encr_r); });
  quoted(out, false, [&] { text(out, *encr); });
  field(out, false, [&] { hex(out, k.integ_i); });
  field(out, false, [&] { hex(out, k.integ_r); });
  quoted(out, false, [&] { text(out, wireshark_ikev2_integ(k.integ)); });
  text(out, "\n");
}

void ikev1_row(SecretBytes& out, const IkeSaKeys& k) {
  field(out, true, [&] { text(out, fmt::format("{:016x}", k.spi_i)); });
  field(out, false, [&] { hex(out, k.encr_i); });
  text(out, "\n");
}

void esp_row(SecretBytes& out, const EspSaKeys& k) {
  auto encr = wireshark_esp_encr(k.encr, k.encr_key_bits);
  if (!encr) {
    text(out, fmt::format("# {} -> {} SPI 0x{:08x}: {} cannot be decrypted by Wireshark 4.0\n",
                          k.src.to_string(), k.dst.to_string(), k.spi, encr_name(k.encr)));
    return;
  }
  quoted(out, true, [&] { text(out, k.dst.is_v6() ? "IPv6" : "IPv4"); });
  quoted(out, false, [&] { text(out, k.src.to_string()); });
  quoted(out, false, [&] { text(out, k.dst.to_string()); });
  quoted(out, false, [&] { text(out, fmt::format("0x{:08x}", k.spi)); });
  quoted(out, false, [&] { text(out, *encr); });
  quoted(out, false, [&] {
    text(out, "0x");
    hex(out, k.encr_key);
  });
  quoted(out, false, [&] { text(out, wireshark_esp_integ(k.integ)); });
  quoted(out, false, [&] {
    if (k.integ_key.empty()) return;
    text(out, "0x");
    hex(out, k.integ_key);
  });
  text(out, "\n");
}

constexpr std::string_view kWarning =
    "# Written by oakley: secret keys of live SAs. Anyone holding this file can read the "
    "traffic.\n";

}  // namespace

std::optional<std::string_view> wireshark_ikev2_encr(EncrId encr, unsigned bits) {
  switch (encr) {
    case EncrId::kNull:
      return "NULL [RFC2410]";
    case EncrId::k3Des:
      return "3DES [RFC2451]";
    case EncrId::kAesCbc:
      return by_bits(bits, "AES-CBC-128 [RFC3602]", "AES-CBC-192 [RFC3602]",
                     "AES-CBC-256 [RFC3602]");
    case EncrId::kAesCtr:
      return by_bits(bits, "AES-CTR-128 [RFC5930]", "AES-CTR-192 [RFC5930]",
                     "AES-CTR-256 [RFC5930]");
    case EncrId::kAesGcm8:
      return by_bits(bits, "AES-GCM-128 with 8 octet ICV [RFC5282]",
                     "AES-GCM-192 with 8 octet ICV [RFC5282]",
                     "AES-GCM-256 with 8 octet ICV [RFC5282]");
    case EncrId::kAesGcm12:
      return by_bits(bits, "AES-GCM-128 with 12 octet ICV [RFC5282]",
                     "AES-GCM-192 with 12 octet ICV [RFC5282]",
                     "AES-GCM-256 with 12 octet ICV [RFC5282]");
    case EncrId::kAesGcm16:
      return by_bits(bits, "AES-GCM-128 with 16 octet ICV [RFC5282]",
                     "AES-GCM-192 with 16 octet ICV [RFC5282]",
                     "AES-GCM-256 with 16 octet ICV [RFC5282]");
    case EncrId::kAesCcm8:
      return by_bits(bits, "AES-CCM-128 with 8 octet ICV [RFC5282]",
                     "AES-CCM-192 with 8 octet ICV [RFC5282]",
                     "AES-CCM-256 with 8 octet ICV [RFC5282]");
    case EncrId::kAesCcm12:
      return by_bits(bits, "AES-CCM-128 with 12 octet ICV [RFC5282]",
                     "AES-CCM-192 with 12 octet ICV [RFC5282]",
                     "AES-CCM-256 with 12 octet ICV [RFC5282]");
    case EncrId::kAesCcm16:
      return by_bits(bits, "AES-CCM-128 with 16 octet ICV [RFC5282]",
                     "AES-CCM-192 with 16 octet ICV [RFC5282]",
                     "AES-CCM-256 with 16 octet ICV [RFC5282]");
    default:
      return std::nullopt;  // DES, ChaCha20-Poly1305, NULL_AUTH_AES_GMAC
  }
}

std::string_view wireshark_ikev2_integ(IntegId integ) {
  switch (integ) {
    case IntegId::kNone:
      return "NONE [RFC4306]";
    case IntegId::kHmacMd5_96:
      return "HMAC_MD5_96 [RFC2403]";
    case IntegId::kHmacSha1_96:
      return "HMAC_SHA1_96 [RFC2404]";
    case IntegId::kHmacSha256_128:
      return "HMAC_SHA2_256_128 [RFC4868]";
    case IntegId::kHmacSha384_192:
      return "HMAC_SHA2_384_192 [RFC4868]";
    case IntegId::kHmacSha512_256:
      return "HMAC_SHA2_512_256 [RFC4868]";
    case IntegId::kHmacMd5_128:
      return "HMAC_MD5_128 [RFC4595]";
    case IntegId::kHmacSha1_160:
      return "HMAC_SHA1_160 [RFC4595]";
    case IntegId::kAesXcbc96:
    case IntegId::kAesCmac96:
    case IntegId::kHmacSha256_96:  // strongSwan's private number: Wireshark has no name for it
      break;
  }
  return "ANY 96-bits of Authentication [No Checking]";
}

std::optional<std::string_view> wireshark_esp_encr(EncrId encr, unsigned) {
  switch (encr) {
    case EncrId::kNull:
      return "NULL";
    case EncrId::kDes:
      return "DES-CBC [RFC2405]";
    case EncrId::k3Des:
      return "TripleDES-CBC [RFC2451]";
    case EncrId::kAesCbc:
      return "AES-CBC [RFC3602]";
    case EncrId::kAesCtr:
      return "AES-CTR [RFC3686]";
    case EncrId::kAesGcm8:
      return "AES-GCM with 8 octet ICV [RFC4106]";
    case EncrId::kAesGcm12:
      return "AES-GCM with 12 octet ICV [RFC4106]";
    case EncrId::kAesGcm16:
      return "AES-GCM with 16 octet ICV [RFC4106]";
    default:
      return std::nullopt;  // AES-CCM, ChaCha20-Poly1305, NULL_AUTH_AES_GMAC
  }
}

std::string_view wireshark_esp_integ(IntegId integ) {
  switch (integ) {
    case IntegId::kNone:
      return "NULL";
    case IntegId::kHmacMd5_96:
      return "HMAC-MD5-96 [RFC2403]";
    case IntegId::kHmacSha1_96:
      return "HMAC-SHA-1-96 [RFC2404]";
    case IntegId::kHmacSha256_128:
      return "HMAC-SHA-256-128 [RFC4868]";
    case IntegId::kHmacSha384_192:
      return "HMAC-SHA-384-192 [RFC4868]";
    case IntegId::kHmacSha512_256:
      return "HMAC-SHA-512-256 [RFC4868]";
    case IntegId::kHmacSha256_96:
      return "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]";
    case IntegId::kHmacMd5_128:  // not defined for ESP; checked by length only
      return "ANY 128 bit authentication [no checking]";
    case IntegId::kHmacSha1_160:  // Wireshark's ESP table has no 160-bit entry
    case IntegId::kAesXcbc96:
    case IntegId::kAesCmac96:
      break;
  }
  return "ANY 96 bit authentication [no checking]";
}

WiresharkTables wireshark_tables(const std::vector<IkeSaKeys>& ike,
                                 const std::vector<EspSaKeys>& esp) {
  WiresharkTables t;
  for (auto* table : {&t.ikev2_decryption_table, &t.ikev1_decryption_table, &t.esp_sa})
    text(*table, kWarning);
  for (const auto& k : ike) {
    if (k.version == 1) {
      ikev1_row(t.ikev1_decryption_table, k);
    } else {
      ikev2_row(t.ikev2_decryption_table, k);
    }
  }
  for (const auto& k : esp)
    esp_row(t.esp_sa, k);
  return t;
}

}  // namespace oakley::ike
