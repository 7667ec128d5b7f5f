// Writes a whole output file so that readers see either the old file or the complete new one.
// Used by every writer of user-visible files (traces, CSV, scenarios): a failed write leaves nothing behind.
#pragma once

#include <filesystem>
#include <string_view>

namespace poolscope {

// Writes `content` to a temporary file beside `file`, then renames it over `file`.
// Throws InputError naming the file and the reason if the directory is missing or not writable.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

// Throws InputError if `file` could not be written later: its directory is missing or is not writable,
// or `file` itself is a directory. `what` names the file for the message, e.g. "--trace".
void check_output_path(const std::filesystem::path& file, std::string_view what);

}  // namespace poolscope
