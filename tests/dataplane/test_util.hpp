// Helpers for the data-plane tests: test data files (tests/data/dataplane, copied from the steering
// vectors, see SOURCES.md there), hex, and a minimal pcap reader for the capture tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley::dataplane::test {

inline std::string data_path(const std::string& relative) {
  return std::string(OAKLEY_TEST_DATA) + "/dataplane/" + relative;
}

inline Bytes read_file(const std::string& relative) {
  std::ifstream in(data_path(relative), std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing test data " << relative;
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

inline std::vector<std::string> read_lines(const std::string& relative) {
  std::ifstream in(data_path(relative));
  EXPECT_TRUE(in.good()) << "missing test data " << relative;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

inline nlohmann::json load_json(const std::string& relative) {
  std::ifstream in(data_path(relative));
  EXPECT_TRUE(in.good()) << "missing test data " << relative;
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

inline Bytes hex(const std::string& text) {
  auto b = from_hex(text);
  EXPECT_TRUE(b.has_value()) << "bad hex: " << text;
  return b.value_or(Bytes{});
}

// One ESP packet found in a capture: the outer addresses, whether it came in UDP (RFC 3948), and
// the ESP bytes (SPI .. ICV).
struct CapturedEsp {
  std::size_t frame = 0;  // 1-based, as tshark numbers frames
  IpAddress src;
  IpAddress dst;
  bool udp_encap = false;
  Bytes esp;
};

// Reads a classic little-endian pcap with Ethernet frames and returns every ESP packet (IP
// protocol 50, or UDP port 4500 that is not IKE). Other frames are skipped.
std::vector<CapturedEsp> read_esp_from_pcap(const std::string& relative);

}  // namespace oakley::dataplane::test

namespace oakley::dataplane::test {

// An IPv4 or IPv6 packet (by the family of `src`) carrying UDP with `payload_size` bytes of a
// counting pattern; checksums are not filled in (nothing here verifies them).
Bytes make_udp_packet(const IpAddress& src, const IpAddress& dst, std::uint16_t sport,
                      std::uint16_t dport, std::size_t payload_size);
// An ICMP / ICMPv6 echo request.
Bytes make_echo_request(const IpAddress& src, const IpAddress& dst, std::size_t payload_size);

inline IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

}  // namespace oakley::dataplane::test
