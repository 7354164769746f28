// Wireshark's decryption tables ("UAT" files of Wireshark 4.0, Debian 12's tshark) from a
// KeyLog: ikev2_decryption_table, ikev1_decryption_table and esp_sa, one CSV row per SA.
// The files go into a Wireshark profile folder as they are, or into `tshark -o uat:NAME:ROW`.
//
// Wireshark 4.0 cannot decrypt ChaCha20-Poly1305 (IKEv2 and ESP), AES-CCM and
// NULL_AUTH_AES_GMAC in ESP; those SAs get a comment line instead of a row. It cannot verify
// AES-XCBC or AES-CMAC integrity: their rows say "any 96 bits, no checking", so it still decrypts.
// The text is key material: it is built in SecretBytes and wiped.
#pragma once

#include <optional>
#include <string_view>

#include "common/secret.hpp"
#include "ike/key_log.hpp"

namespace oakley::ike {

// Wireshark's names for our algorithms; nullopt when Wireshark 4.0 cannot decrypt it.
std::optional<std::string_view> wireshark_ikev2_encr(EncrId encr, unsigned key_bits);
std::string_view wireshark_ikev2_integ(IntegId integ);
std::optional<std::string_view> wireshark_esp_encr(EncrId encr, unsigned key_bits);
std::string_view wireshark_esp_integ(IntegId integ);

struct WiresharkTables {
  SecretBytes ikev2_decryption_table;
  SecretBytes ikev1_decryption_table;
  SecretBytes esp_sa;
};

WiresharkTables wireshark_tables(const std::vector<IkeSaKeys>& ike,
                                 const std::vector<EspSaKeys>& esp);

}  // namespace oakley::ike
