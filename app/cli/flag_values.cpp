// from_chars does the strict part: no locale, no leading blanks, and we require it to use every character.
#include "cli/flag_values.hpp"

#include <charconv>
#include <system_error>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {
namespace {

std::string quoted(std::string_view text) { return "'" + excerpt(text) + "'"; }

template <class F> auto parseList(std::string_view text, std::string_view flag, F parseOne) {
  std::vector<decltype(parseOne(text, flag))> values;
  if (text.empty()) throw InputError(std::string(flag) + " needs a comma-separated list, e.g. 1,2,3");
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    const auto item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) {
      throw InputError(std::string(flag) + " has an empty item in " + quoted(text) + " (write e.g. 1,2,3)");
    }
    values.push_back(parseOne(item, flag));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return values;
}

}  // namespace

std::int64_t parseInteger(std::string_view text, std::string_view flag) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw InputError(std::string(flag) + " value " + quoted(text) + " is too large");
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw InputError(std::string(flag) + " needs a whole number, not " + quoted(text));
  }
  return value;
}

double parseNumber(std::string_view text, std::string_view flag) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw InputError(std::string(flag) + " value " + quoted(text) + " is out of range");
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw InputError(std::string(flag) + " needs a number, not " + quoted(text));
  }
  return value;
}

std::vector<std::int64_t> parseIntegerList(std::string_view text, std::string_view flag) {
  return parseList(text, flag, parseInteger);
}

std::vector<double> parseNumberList(std::string_view text, std::string_view flag) {
  return parseList(text, flag, parseNumber);
}

}  // namespace poolscope::cli
