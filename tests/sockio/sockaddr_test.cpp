// Socket addresses and PKTINFO control messages, both families.
#include "sockio/sockaddr.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "sockio/pktinfo.hpp"

namespace oakley::sockio {
namespace {

TEST(Sockaddr, RoundTripsBothFamilies) {
  for (const char* text : {"192.0.2.9", "2001:db8::9"}) {
    Endpoint e{*IpAddress::parse(text), 4500};
    sockaddr_storage ss;
    socklen_t len = to_sockaddr(e, ss);
    EXPECT_EQ(ss.ss_family, address_family(e.address.family()));
    auto back = from_sockaddr(ss, len);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, e);
  }
}

TEST(Sockaddr, ShortOrForeignAddressesAreRefused) {
  sockaddr_storage ss;
  socklen_t len = to_sockaddr(Endpoint{*IpAddress::parse("2001:db8::1"), 1}, ss);
  EXPECT_FALSE(from_sockaddr(ss, len - 1));
  EXPECT_FALSE(from_sockaddr(nullptr, 0));
  ss.ss_family = AF_UNIX;
  EXPECT_FALSE(from_sockaddr(ss, sizeof ss));
}

// What write_pktinfo() builds for sending is what read_pktinfo() finds on receipt.
TEST(Pktinfo, WrittenAddressIsReadBack) {
  for (const char* text : {"192.0.2.1", "2001:db8::1"}) {
    alignas(cmsghdr) std::uint8_t control[kPktinfoSpace];
    auto address = *IpAddress::parse(text);
    std::size_t len = write_pktinfo(address, control, sizeof control);
    ASSERT_NE(len, 0u);
    msghdr m{};
    m.msg_control = control;
    m.msg_controllen = len;
    if (address.is_v4()) {
      // Sending uses ipi_spec_dst, receiving reports ipi_addr: mirror what the kernel fills in.
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof info);
      info.ipi_addr = info.ipi_spec_dst;
      std::memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &info, sizeof info);
    }
    auto read = read_pktinfo(m);
    ASSERT_TRUE(read) << text;
    EXPECT_EQ(*read, address);
  }
}

TEST(Pktinfo, UnspecifiedSourceWritesNothing) {
  alignas(cmsghdr) std::uint8_t control[kPktinfoSpace];
  EXPECT_EQ(write_pktinfo(IpAddress::any(IpAddress::Family::kV4), control, sizeof control), 0u);
  EXPECT_EQ(write_pktinfo(*IpAddress::parse("192.0.2.1"), control, 4), 0u);
  msghdr m{};
  EXPECT_FALSE(read_pktinfo(m));
}

}  // namespace
}  // namespace oakley::sockio
