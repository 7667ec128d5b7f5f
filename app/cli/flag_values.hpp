// Strict conversions of flag values (numbers and comma-separated lists) with messages naming the flag.
// Strict means "3x", "", "1,,2" and "0x10" are errors, never silently a different number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::cli {

std::int64_t parse_integer(std::string_view text, std::string_view flag);
// Accepts "nan" / "inf" as numbers so that validation can reject them with a clear sentence.
double parse_number(std::string_view text, std::string_view flag);
std::vector<std::int64_t> parse_integer_list(std::string_view text, std::string_view flag);
std::vector<double> parse_number_list(std::string_view text, std::string_view flag);

}  // namespace poolscope::cli
