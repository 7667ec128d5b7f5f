// Counts and cuts by UTF-8 characters, not bytes, so a Russian value is neither cut mid-letter nor shorter
// than an English one.
#include "poolscope/util/excerpt.hpp"

namespace poolscope {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string excerpt(std::string_view text, std::size_t max) {
  std::size_t characters = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (continuation(text[i])) continue;
    if (characters == max) cut = i;
    ++characters;
  }
  std::string out(text.substr(0, cut));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (cut < text.size()) out += "... (" + std::to_string(characters) + " characters)";
  return out;
}

std::string excerpt_path(const std::filesystem::path& file, std::size_t max) {
  const std::string text = file.string();
  std::size_t characters = 0;
  for (char c : text) characters += continuation(c) ? 0 : 1;
  if (characters <= max) return text;
  std::size_t start = text.size();
  for (std::size_t kept = 0; start > 0 && kept < max;) {
    --start;
    if (!continuation(text[start])) ++kept;
  }
  return "..." + text.substr(start);
}

}  // namespace poolscope
