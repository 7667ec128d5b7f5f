// Input values quoted in error messages are cut to a readable length: a one-line message must stay one
// line a person can read, even when the value is a megabyte of text from a hostile file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace poolscope {

inline constexpr std::size_t kExcerptChars = 80;

// `text` itself when it has at most `max` characters; else its first `max` characters (cut between UTF-8
// characters), "...", and its full length: "aaaa... (1048576 characters)". Line breaks become spaces.
std::string excerpt(std::string_view text, std::size_t max = kExcerptChars);

// A file name for a message: whole when it has at most `max` characters; else "..." and its last `max`
// characters, since the end of a path (the file's own name) is what tells the reader which file it is.
std::string excerpt_path(const std::filesystem::path& file, std::size_t max = kExcerptChars);

}  // namespace poolscope
