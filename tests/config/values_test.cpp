#include "config/values.hpp"

#include <gtest/gtest.h>

namespace oakley::config {
namespace {

TEST(Duration, GoodInputs) {
  EXPECT_EQ(*parse_duration("30"), Seconds{30});
  EXPECT_EQ(*parse_duration("30s"), Seconds{30});
  EXPECT_EQ(*parse_duration("5m"), Seconds{300});
  EXPECT_EQ(*parse_duration("1h"), Seconds{3600});
  EXPECT_EQ(*parse_duration("2d"), Seconds{172800});
  EXPECT_EQ(*parse_duration(" 0 "), Seconds{0});
}

TEST(Duration, BadInputs) {
  for (auto bad : {"", "s", "1.5h", "-1", "10x", "1hh", "1 h", "99999999999999999999",
                   "999999999999999999d"}) {
    EXPECT_FALSE(parse_duration(bad).ok()) << bad;
  }
  EXPECT_EQ(parse_duration("10x").error().message, "unknown time unit 'x' (use s, m, h or d)");
}

TEST(Duration, ToString) {
  EXPECT_EQ(to_string(Seconds{0}), "0s");
  EXPECT_EQ(to_string(Seconds{90}), "90s");
  EXPECT_EQ(to_string(Seconds{300}), "5m");
  EXPECT_EQ(to_string(Seconds{14400}), "4h");
  EXPECT_EQ(to_string(Seconds{86400 * 2}), "2d");
  EXPECT_EQ(to_string(Seconds{3960}), "66m");
}

TEST(Count, GoodAndBad) {
  EXPECT_EQ(*parse_count("1000"), 1000u);
  EXPECT_EQ(*parse_count("500k"), 500u * 1024);
  EXPECT_EQ(*parse_count("1K"), 1024u);
  EXPECT_EQ(*parse_count("2m"), 2u * 1024 * 1024);
  EXPECT_EQ(*parse_count("4g"), 4ull * 1024 * 1024 * 1024);
  for (auto bad : {"", "k", "1t", "1.5m", "-3", "18446744073709551615k"}) {
    EXPECT_FALSE(parse_count(bad).ok()) << bad;
  }
  EXPECT_EQ(count_to_string(1073741824), "1g");
  EXPECT_EQ(count_to_string(1536), "1536");  // 1.5k stays digits
  EXPECT_EQ(count_to_string(2048), "2k");
  EXPECT_EQ(count_to_string(0), "0");
}

TEST(Bool, GoodAndBad) {
  for (auto yes : {"yes", "YES", "true", "1", "enabled"})
    EXPECT_TRUE(*parse_bool(yes)) << yes;
  for (auto no : {"no", "No", "false", "0", "disabled"})
    EXPECT_FALSE(*parse_bool(no)) << no;
  for (auto bad : {"", "y", "2", "on"})
    EXPECT_FALSE(parse_bool(bad).ok()) << bad;
}

TEST(Uint, DecimalHexAndLimits) {
  EXPECT_EQ(*parse_uint("42", 100), 42u);
  EXPECT_EQ(*parse_uint("0x10", 100), 16u);
  EXPECT_EQ(parse_uint("101", 100).error().message, "must be at most 100");
  for (auto bad : {"", "x", "1a", "-1", "0x"})
    EXPECT_FALSE(parse_uint(bad, 100).ok()) << bad;
}

TEST(Decimal, GoodAndBad) {
  EXPECT_DOUBLE_EQ(*parse_decimal("4.0"), 4.0);
  EXPECT_DOUBLE_EQ(*parse_decimal("1.8"), 1.8);
  EXPECT_DOUBLE_EQ(*parse_decimal("2"), 2.0);
  for (auto bad : {"", ".5", "1.", "1.x", "-1", "1e3"})
    EXPECT_FALSE(parse_decimal(bad).ok()) << bad;
}

TEST(List, SplitsTrimsAndDropsEmpty) {
  EXPECT_EQ(split_list(" a, b ,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list(" , ").empty());
}

}  // namespace
}  // namespace oakley::config
