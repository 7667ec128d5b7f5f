// Writes a whole output file so that readers see either the old file or the complete new one.
// Used by every writer of user-visible files (traces, CSV, scenarios, charts): a failed write leaves nothing.
#pragma once

#include <filesystem>
#include <string_view>

namespace poolscope {

// Writes `content` into an unnamed file in `file`'s directory (O_TMPFILE) and gives it its name only once
// every byte is written, so a full disk, an I/O error or even SIGKILL leaves no partial file. Where the
// file system has no O_TMPFILE, a uniquely named hidden file beside `file` is used and removed on failure.
// If `file` is a symbolic link, the link itself is replaced by the new file; what it pointed at is left
// untouched. The new file's mode is 0666 less the umask. Throws InputError naming the file and the reason;
// on a throw nothing was created or changed.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

// Throws InputError if `file` could not be written later: its directory is missing or is not writable,
// or `file` itself is a directory, device, pipe or socket. `what` names the file for the message, e.g.
// "--trace". A symbolic link is accepted: it will be replaced.
void check_output_path(const std::filesystem::path& file, std::string_view what);

}  // namespace poolscope
