#include "control/line_buffer.hpp"

#include <gtest/gtest.h>

namespace oakley::control {
namespace {

using Next = LineBuffer::Next;

TEST(LineBuffer, SplitsLinesAcrossChunks) {
  LineBuffer buffer(100);
  std::string line;
  buffer.append("{\"a\":1}\n{\"b\"");
  ASSERT_EQ(buffer.next(line), Next::kLine);
  EXPECT_EQ(line, "{\"a\":1}");
  EXPECT_EQ(buffer.next(line), Next::kNeedMore);
  buffer.append(":2}\r\n\n");
  ASSERT_EQ(buffer.next(line), Next::kLine);
  EXPECT_EQ(line, "{\"b\":2}");  // CR of CRLF dropped
  ASSERT_EQ(buffer.next(line), Next::kLine);
  EXPECT_EQ(line, "");
  EXPECT_EQ(buffer.next(line), Next::kNeedMore);
  EXPECT_EQ(buffer.buffered(), 0u);
}

TEST(LineBuffer, PendingLineOverLimitIsRefused) {
  LineBuffer buffer(8);
  std::string line;
  buffer.append("12345678");
  EXPECT_EQ(buffer.next(line), Next::kNeedMore);  // exactly the limit may still end
  buffer.append("9");
  EXPECT_EQ(buffer.next(line), Next::kTooLong);
  buffer.append("\n");
  EXPECT_EQ(buffer.next(line), Next::kTooLong);  // final: no resynchronising
}

TEST(LineBuffer, CompleteLineOverLimitIsRefused) {
  LineBuffer buffer(4);
  std::string line;
  buffer.append("ok\n123456\n");
  ASSERT_EQ(buffer.next(line), Next::kLine);
  EXPECT_EQ(buffer.next(line), Next::kTooLong);
}

}  // namespace
}  // namespace oakley::control
