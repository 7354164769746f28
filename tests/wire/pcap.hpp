// Test support: read the UDP datagrams out of pcap/pcapng captures (Ethernet, BSD loopback, raw IP
// and Linux cooked link layers; IPv4 and IPv6), and write Ethernet/IPv4/UDP pcaps for tshark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley::wire::test {

struct UdpDatagram {
  std::size_t frame = 0;  // 1-based frame number in the capture
  IpAddress src;
  IpAddress dst;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  Bytes payload;                // as captured; shorter than the UDP length when `truncated`
  bool truncated = false;       // the capture holds fewer bytes than the UDP header announces
  bool non_esp_marker = false;  // port 4500 IKE: the 4 zero bytes were removed from payload
  bool esp = false;             // port 4500 ESP or a NAT keepalive, not IKE

  bool is_ike() const { return !esp; }
};

// Every UDP datagram of the capture, in order; an unreadable file gives an empty list and a test
// failure message through `error`.
std::vector<UdpDatagram> read_udp_datagrams(const std::string& path, std::string* error = nullptr);

// The raw link-layer frames of a capture (for robustness tests that feed every byte to parsers).
std::vector<Bytes> read_frames(const std::string& path);

struct OutFrame {
  IpAddress src;
  IpAddress dst;
  std::uint16_t src_port = 500;
  std::uint16_t dst_port = 500;
  Bytes payload;
};

// A classic pcap (link type Ethernet) of IPv4/UDP frames; false when the file cannot be written.
bool write_pcap(const std::string& path, const std::vector<OutFrame>& frames);

// The path of a test data file under tests/data/wire.
std::string data_path(const std::string& relative);

}  // namespace oakley::wire::test
