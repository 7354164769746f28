// The wire pieces ISAKMP and IKEv2 share (fixed_header.hpp, common_payloads.hpp, names.hpp): each
// version's tests exercise them through its own payloads; these pin the shared rules themselves,
// including where the versions differ only by a parameter.
#include "wire/common_payloads.hpp"

#include <gtest/gtest.h>

#include "wire/fixed_header.hpp"
#include "wire/names.hpp"
#include "wire/reader.hpp"
#include "wire/test_util.hpp"
#include "wire/writer.hpp"

namespace oakley::wire {
namespace {

using test::hex;

const HeaderRules kRules{"TEST header", 2, 7, 5};

TEST(FixedHeader, RoundTripsEveryField) {
  FixedHeader h{0x0102030405060708, 0x1112131415161718, 33, 2, 0, 34, 0x08, 7, 28};
  Writer w;
  write_fixed_header(w, h);
  EXPECT_EQ(w.data(), hex("0102030405060708 1112131415161718 21 20 22 08 00000007 0000001c"));
  auto back = read_fixed_header(w.data(), kRules);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->spi_i, h.spi_i);
  EXPECT_EQ(back->spi_r, h.spi_r);
  EXPECT_EQ(back->next_payload, 33);
  EXPECT_EQ(back->major_version, 2);
  EXPECT_EQ(back->minor_version, 0);
  EXPECT_EQ(back->exchange_type, 34);
  EXPECT_EQ(back->flags, 0x08);
  EXPECT_EQ(back->message_id, 7u);
  EXPECT_EQ(back->length, 28u);
}

TEST(FixedHeader, ErrorsCarryTheVersionsNameAndCodes) {
  auto shorter = read_fixed_header(hex("0102"), kRules);
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error().code, 7);
  EXPECT_EQ(shorter.error().message, "TEST header needs 28 bytes, 2 remain");
  Bytes v1 = hex("0102030405060708 1112131415161718 21 10 22 08 00000007 0000001c");
  auto major = read_fixed_header(v1, kRules);
  ASSERT_FALSE(major);
  EXPECT_EQ(major.error().code, 5);
  EXPECT_EQ(major.error().message, "TEST header: major version 1 (expected 2)");
  Bytes tiny = hex("0102030405060708 1112131415161718 21 20 22 08 00000007 0000001b");
  auto length = read_fixed_header(tiny, kRules);
  ASSERT_FALSE(length);
  EXPECT_EQ(length.error().code, 7);
  EXPECT_EQ(length.error().message, "TEST header: length 27 is shorter than the header");
}

TEST(NotifyFields, RoundTripWithSpiAndData) {
  Writer w;
  write_notify_fields(w, 3, 16393, hex("c0000001"), hex("aabb"));
  EXPECT_EQ(w.data(), hex("03 04 4009 c0000001 aabb"));
  Reader r(w.data());
  auto n = read_notify_fields(r);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->protocol, 3);
  EXPECT_EQ(n->type, 16393);
  EXPECT_EQ(n->spi, hex("c0000001"));
  EXPECT_EQ(n->data, hex("aabb"));
}

TEST(NotifyFields, SpiLongerThanTheBodyIsRefused) {
  Bytes body = hex("03 08 4009 c0000001");
  Reader r(body);
  auto n = read_notify_fields(r);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().message, "SPI of size 8 needs 8 bytes, 4 remain");
}

TEST(SpiList, EmptyListsAreAVersionChoice) {
  Bytes none = hex("01 00 0000");
  Reader v2(none);
  auto ike_sa = read_spi_list(v2, EmptySpiList::kAllowed);  // IKEv2 deletes its IKE SA so
  ASSERT_TRUE(ike_sa) << ike_sa.error().message;
  EXPECT_TRUE(ike_sa->spis.empty());
  Reader v1(none);
  auto refused = read_spi_list(v1, EmptySpiList::kRefused);  // IKEv1 needs an SPI
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "0 SPIs of size 0");
  Bytes zero_size = hex("03 00 0001");
  Reader both(zero_size);
  EXPECT_FALSE(read_spi_list(both, EmptySpiList::kAllowed));
}

TEST(SpiList, CountTimesSizeMustFillTheBody) {
  Bytes body = hex("03 04 0002 c0000001 c0000002 ff");
  Reader r(body);
  auto l = read_spi_list(r, EmptySpiList::kRefused);
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().message, "2 SPIs of 4 bytes need 8 bytes, the payload has 9");
  Writer w;
  write_spi_list(w, 3, 4, {hex("c0000001"), hex("c0000002")});
  EXPECT_EQ(w.data(), hex("03 04 0002 c0000001 c0000002"));
  EXPECT_FALSE(w.failed());
  write_spi_list(w, 3, 4, {hex("c00001")});  // a 3-byte SPI in a list of 4-byte SPIs
  EXPECT_TRUE(w.failed());
}

TEST(EncodedData, EncodingOctetThenData) {
  auto d = read_encoded_data(hex("04 3082"), "certificate encoding");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->encoding, 4);
  EXPECT_EQ(d->data, hex("3082"));
  auto empty = read_encoded_data({}, "certificate type");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "certificate type needs 1 bytes, 0 remain");
  Writer w;
  write_encoded_data(w, 4, hex("3082"));
  EXPECT_EQ(w.data(), hex("04 3082"));
}

TEST(Names, ConfigurationPayloadTypesOfBothVersions) {
  EXPECT_EQ(cfg_type_short_name(1), "CPRQ");
  EXPECT_EQ(cfg_type_short_name(4), "CPA");
  EXPECT_EQ(cfg_type_short_name(9), "CP(9)");
}

}  // namespace
}  // namespace oakley::wire
