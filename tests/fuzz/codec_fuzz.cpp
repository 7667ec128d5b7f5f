// libFuzzer target: the codec that carries task arguments and results between processes, decoding
// arbitrary bytes. The first byte picks the type. Truncated or inconsistent bytes must be a SystemError,
// never a crash or an allocation sized by a length field; what decodes must re-encode to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "poolscope/pool/codec.hpp"
#include "poolscope/util/errors.hpp"

namespace {

template <class T> void round_trip(std::string_view bytes) {
  std::string_view in = bytes;
  T value;
  try {
    value = poolscope::codec::decode<T>(in);
  } catch (const poolscope::SystemError&) {
    return;
  }
  const std::size_t used = bytes.size() - in.size();
  std::string out;
  poolscope::codec::encode(value, out);
  if (out != bytes.substr(0, used)) std::abort();  // decode and encode disagree on the format
  (void)poolscope::trace_repr(value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: round_trip<std::int64_t>(bytes); break;
    case 1: round_trip<std::string>(bytes); break;
    case 2: round_trip<std::vector<std::int64_t>>(bytes); break;
    case 3: round_trip<std::vector<std::string>>(bytes); break;
    case 4: round_trip<std::pair<std::int32_t, std::string>>(bytes); break;
    case 5: round_trip<std::tuple<std::string, std::vector<double>, std::uint8_t>>(bytes); break;
    case 6: round_trip<std::vector<std::vector<std::int32_t>>>(bytes); break;
    default: round_trip<std::vector<std::pair<std::string, std::int16_t>>>(bytes); break;
  }
  return 0;
}
