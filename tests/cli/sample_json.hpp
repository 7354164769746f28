// The result shapes the daemon returns, as agreed with the daemon side (docs in
// src/cli/format.hpp).
#pragma once

namespace oakley::cli::testing {

inline constexpr const char* kListSas = R"({"ike_sas": [{"id": 1, "connection": "t", "version": 2,
  "state": "ESTABLISHED", "role": "initiator", "local": "192.0.2.1[4500]",
  "remote": "192.0.2.2[4500]", "local_id": "left@example.test", "remote_id": "right@example.test",
  "spi_i": "6a5c0b3d9e2f1a4b", "spi_r": "2f8e11c0aa9b3d55",
  "algorithms": {"encr": "AES_GCM_16", "encr_key_bits": 128, "integ": null,
                 "prf": "PRF_HMAC_SHA2_256", "dh": "CURVE_25519"},
  "established_seconds": 12, "rekey_in_seconds": 14388, "reauth_in_seconds": null,
  "nat": {"local_behind_nat": false, "remote_behind_nat": true},
  "children": [{"name": "net", "id": 1, "reqid": 1, "state": "INSTALLED", "mode": "TUNNEL",
    "protocol": "ESP", "udp_encap": true, "spi_in": "c1234567", "spi_out": "c7654321",
    "algorithms": {"encr": "AES_GCM_16", "encr_key_bits": 128, "integ": null, "dh": null,
                   "esn": false},
    "bytes_in": 840, "packets_in": 10, "bytes_out": 840, "packets_out": 10,
    "last_in_seconds": 1, "last_out_seconds": 1, "installed_seconds": 12,
    "rekey_in_seconds": 3100, "expire_in_seconds": 3588,
    "local_ts": ["10.1.0.0/24"], "remote_ts": ["10.2.0.0/24"]}]}]})";

inline constexpr const char* kListSasText =
    "t: #1, ESTABLISHED, IKEv2, 6a5c0b3d9e2f1a4b_i* 2f8e11c0aa9b3d55_r\n"
    "  local  'left@example.test' @ 192.0.2.1[4500]\n"
    "  remote 'right@example.test' @ 192.0.2.2[4500]\n"
    "  AES_GCM_16-128/PRF_HMAC_SHA2_256/CURVE_25519\n"
    "  established 12s ago, rekeying in 3h59m\n"
    "  net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-128\n"
    "    installed 12s ago, rekeying in 51m, expires in 59m\n"
    "    in  c1234567,    840 bytes,    10 packets,     1s ago\n"
    "    out c7654321,    840 bytes,    10 packets,     1s ago\n"
    "    local  10.1.0.0/24\n"
    "    remote 10.2.0.0/24\n";

inline constexpr const char* kListConns = R"({"connections": [{"name": "t", "version": 2,
  "local_addrs": ["192.0.2.1"], "remote_addrs": ["192.0.2.2"],
  "proposals": ["AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519"],
  "local": {"auth": "psk", "id": "left@example.test"},
  "remote": {"auth": "psk", "id": "right@example.test"},
  "dpd_delay": 30, "rekey_time": 14400,
  "children": [{"name": "net", "mode": "TUNNEL", "local_ts": ["10.1.0.0/24"],
    "remote_ts": ["10.2.0.0/24"], "esp_proposals": ["AES_GCM_16_128"], "start_action": "none",
    "dpd_action": "clear", "close_action": "none", "rekey_time": 3600, "life_time": 3960}]}]})";

inline constexpr const char* kListConnsText =
    "t: IKEv2, rekeying every 4h, dpd every 30s\n"
    "  local:  192.0.2.1\n"
    "  remote: 192.0.2.2\n"
    "  proposals: AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519\n"
    "  local pre-shared key authentication:\n"
    "    id: left@example.test\n"
    "  remote pre-shared key authentication:\n"
    "    id: right@example.test\n"
    "  net: TUNNEL, rekeying every 1h, lifetime 1h6m\n"
    "    local:  10.1.0.0/24\n"
    "    remote: 10.2.0.0/24\n"
    "    esp proposals: AES_GCM_16_128\n"
    "    actions: start none, dpd clear, close none\n";

inline constexpr const char* kDiagnose = R"json({"connection": "t", "state": "down", "findings": [
  {"severity": "error", "text": "no response from 192.0.2.2[500] to IKE_SA_INIT (5 retransmits)"},
  {"severity": "warning", "text": "remote_addrs resolves to 192.0.2.2 only"},
  {"severity": "info", "text": "last attempt 12s ago"},
  {"severity": "ok", "text": "configuration loaded"}]})json";

inline constexpr const char* kDiagnoseText =
    "t: down\n"
    "  [x] no response from 192.0.2.2[500] to IKE_SA_INIT (5 retransmits)\n"
    "  [!] remote_addrs resolves to 192.0.2.2 only\n"
    "  [i] last attempt 12s ago\n"
    "  [+] configuration loaded\n";

}  // namespace oakley::cli::testing
