// Bytes the codec did not write (corrupted in transport, or a codec mismatch) are refused with an
// exception and never decoded into an allocation sized by a length field. Found by tests/fuzz/codec_fuzz.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/pool/codec.hpp"
#include "poolscope/util/errors.hpp"

namespace {

std::string length_field(std::uint64_t n) {
  std::string bytes(sizeof n, '\0');
  std::memcpy(bytes.data(), &n, sizeof n);
  return bytes;
}

// A length of 2^61 eight-byte numbers overflows 64 bits when multiplied out: the decoder must still refuse it,
// as the transport error it is (found by tests/fuzz/codec_fuzz.cpp).
TEST(CodecHostile, AVectorLengthThatOverflowsIsRefused) {
  for (const std::uint64_t n : {std::uint64_t{1} << 61, (std::uint64_t{1} << 61) + 1, ~std::uint64_t{0}}) {
    const std::string bytes = length_field(n) + std::string(64, 'x');
    std::string_view in = bytes;
    EXPECT_THROW(poolscope::codec::decode<std::vector<std::int64_t>>(in), poolscope::SystemError) << n;
  }
}

TEST(CodecHostile, LengthsBeyondTheBytesAreATransportError) {
  const std::string bytes = length_field(1000) + "short";
  std::string_view in = bytes;
  EXPECT_THROW(poolscope::codec::decode<std::string>(in), poolscope::SystemError);
  std::string_view again = bytes;
  EXPECT_THROW(poolscope::codec::decode<std::vector<std::string>>(again), poolscope::SystemError);
  std::string_view third = bytes;
  EXPECT_THROW(poolscope::codec::decode<std::vector<std::int32_t>>(third), poolscope::SystemError);
}

}  // namespace
