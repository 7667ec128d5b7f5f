// The codec carries task arguments and results between processes; trace_repr shows them in traces.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "poolscope/pool/codec.hpp"

namespace {

using namespace poolscope;

template <class T> T roundtrip(const T& value) {
  std::string bytes;
  codec::encode(value, bytes);
  return codec::decode_all<T>(bytes);
}

struct Point {
  int x;
  double y;
};

TEST(Codec, RoundTripsNumbersStringsVectorsAndTuples) {
  EXPECT_EQ(roundtrip(42), 42);
  EXPECT_EQ(roundtrip(-3.5), -3.5);
  EXPECT_EQ(roundtrip(std::string("Hello\0World", 11)), std::string("Hello\0World", 11));
  EXPECT_EQ(roundtrip(std::vector<int>{1, 2, 3}), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(roundtrip(std::vector<std::string>{"a", "", "ccc"}), (std::vector<std::string>{"a", "", "ccc"}));
  EXPECT_EQ(roundtrip(std::vector<bool>{true, false, true}), (std::vector<bool>{true, false, true}));
  const auto t = std::make_tuple(7, std::string("x"), std::vector<double>{1.5});
  EXPECT_EQ(roundtrip(t), t);
  EXPECT_EQ(roundtrip(std::make_pair(1L, std::string("y"))), std::make_pair(1L, std::string("y")));
  const Point p = roundtrip(Point{3, 4.5});
  EXPECT_EQ(p.x, 3);
  EXPECT_EQ(p.y, 4.5);
}

TEST(Codec, TruncatedInputIsAnError) {
  std::string bytes;
  codec::encode(std::string("abcdef"), bytes);
  bytes.resize(bytes.size() - 2);
  EXPECT_THROW(codec::decode_all<std::string>(bytes), SystemError);
}

TEST(Codec, TraceReprIsAJsonLiteral) {
  EXPECT_EQ(trace_repr(5), "5");
  EXPECT_EQ(trace_repr(2.5), "2.5");
  EXPECT_EQ(trace_repr(true), "true");
  EXPECT_EQ(trace_repr(std::string("a\"b\n")), "\"a\\\"b\\n\"");
  EXPECT_EQ(trace_repr(std::vector<int>{1, 2}), "[1, 2]");
  EXPECT_EQ(trace_repr(std::make_tuple(1, std::string("x"))), "[1, \"x\"]");
}

}  // namespace
