// Reader, Writer, data attributes (TV/TLV) and the version peek.
#include <gtest/gtest.h>

#include "wire/data_attribute.hpp"
#include "wire/reader.hpp"
#include "wire/test_util.hpp"
#include "wire/version.hpp"
#include "wire/writer.hpp"

namespace oakley::wire {
namespace {

using test::hex;

TEST(Reader, ReadsBigEndianFieldsAndStopsAtTheEnd) {
  Bytes data = hex("0102 03040506 0708090a0b0c0d0e ff");
  Reader r(data);
  EXPECT_EQ(r.u16(), 0x0102);
  EXPECT_EQ(r.u32(), 0x03040506u);
  EXPECT_EQ(r.u64(), 0x0708090a0b0c0d0eULL);
  EXPECT_TRUE(r.need(1, "x").ok());
  EXPECT_FALSE(r.need(2, "x").ok());
  EXPECT_EQ(r.need(2, "trailer").error().message, "trailer needs 2 bytes, 1 remain");
  EXPECT_EQ(r.u16(), 0);  // short read: zero, and the reader is marked failed
  EXPECT_TRUE(r.failed());
  EXPECT_TRUE(r.bytes(1).empty());  // failure is sticky
}

TEST(Writer, FillsReservedFieldsAndFlagsOverflow) {
  Writer w;
  std::size_t at = w.reserve16();
  w.bytes(hex("aabbcc"));
  w.fill16(at, w.size());
  EXPECT_EQ(w.data(), hex("0005aabbcc"));
  EXPECT_FALSE(w.failed());
  w.count8(256);
  EXPECT_TRUE(w.failed());
}

TEST(DataAttribute, BasicAndVariableForms) {
  Writer w;
  encode_data_attributes(
      w, {DataAttribute::basic(1, 7), DataAttribute::integer(12, 86400),
          DataAttribute::integer(12, 28800), DataAttribute::integer(2, 0x100000000ULL)});
  // RFC 2409 lifetimes: 86400 does not fit 16 bits and goes as a 4-byte TLV.
  EXPECT_EQ(w.data(), hex("80010007 000c000400015180 800c7080 0002000800000001 00000000"));
  auto parsed = parse_data_attributes(w.data());
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 4u);
  EXPECT_TRUE((*parsed)[0].is_basic());
  EXPECT_FALSE((*parsed)[1].is_basic());
  EXPECT_EQ((*parsed)[1].as_integer(), 86400u);
  EXPECT_EQ((*parsed)[2].as_integer(), 28800u);
  EXPECT_EQ((*parsed)[3].as_integer(), 0x100000000ULL);
  EXPECT_EQ(attribute_value(*parsed, std::uint16_t{12}), 86400u);
  EXPECT_EQ((*parsed)[1].raw_value(), hex("00015180"));
}

TEST(DataAttribute, IntegerOfOverlongOrEmptyValue) {
  EXPECT_EQ(DataAttribute::variable(1, hex("000000000000000000000005")).as_integer(), 5u);
  EXPECT_EQ(DataAttribute::variable(1, hex("010000000000000000")).as_integer(), std::nullopt);
  EXPECT_EQ(DataAttribute::variable(1, {}).as_integer(), std::nullopt);
}

TEST(DataAttribute, TruncatedAttributesAreErrors) {
  EXPECT_FALSE(parse_data_attributes(hex("8001")).ok());
  auto r = parse_data_attributes(hex("000c0004000151"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "attribute #1 (type 12) value needs 4 bytes, 3 remain");
}

TEST(PeekVersion, ReadsTheVersionNibbles) {
  Bytes v2(28, 0);
  v2[17] = 0x20;
  Bytes v1(28, 0);
  v1[17] = 0x10;
  EXPECT_EQ(peek_version(v2)->major, 2);
  EXPECT_EQ(peek_version(v1)->major, 1);
  EXPECT_EQ(peek_version(ByteView(v1).first(27)), std::nullopt);
}

}  // namespace
}  // namespace oakley::wire
