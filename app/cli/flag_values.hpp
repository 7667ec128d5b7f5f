// Strict conversions of flag values (numbers and comma-separated lists) with messages naming the flag.
// Strict means "3x", "", "1,,2" and "0x10" are errors, never silently a different number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::cli {

std::int64_t parseInteger(std::string_view text, std::string_view flag);
// Accepts "nan" / "inf" as numbers so that validation can reject them with a clear sentence.
double parseNumber(std::string_view text, std::string_view flag);
std::vector<std::int64_t> parseIntegerList(std::string_view text, std::string_view flag);
std::vector<double> parseNumberList(std::string_view text, std::string_view flag);

}  // namespace poolscope::cli
