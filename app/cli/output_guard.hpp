// The files one CLI command writes, as a unit: each is written whole (atomic writer), and SIGINT/SIGTERM
// while they are drawn or written removes those already written and exits at once (within milliseconds).
#pragma once

#include <filesystem>
#include <string_view>

namespace poolscope::cli {

class OutputGuard {
 public:
  // Installs the SIGINT/SIGTERM handlers for the export; the destructor restores the previous ones.
  // `stop_note` ends the line printed on a stop: "poolscope: stopped by SIGINT; <stop_note>".
  explicit OutputGuard(std::string_view stop_note = "no file was written");
  ~OutputGuard();
  OutputGuard(const OutputGuard&) = delete;
  OutputGuard& operator=(const OutputGuard&) = delete;

  // Writes `bytes` to `file` atomically and remembers it for removal on a stop. A signal that arrives
  // during the write is acted on right after it. Throws InputError (nothing written) on failure.
  void write(const std::filesystem::path& file, std::string_view bytes);
  // A directory to remove (if empty) on a stop, e.g. a runtime directory made for the export.
  void removeOnStop(const std::filesystem::path& directory);
  // Removes the files written so far (an output failed after others were written).
  void removeWritten();
};

}  // namespace poolscope::cli
