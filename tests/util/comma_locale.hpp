// Switches the process to a locale with a decimal comma (ru_RU.UTF-8), as the GUI runs for a Russian user,
// compiling it with localedef into a private directory (LOCPATH) when the system has none installed.
#pragma once

#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace poolscope::test {

class CommaLocaleScope {
 public:
  CommaLocaleScope() {
    if (std::setlocale(LC_ALL, "ru_RU.UTF-8") == nullptr) {
      dir_ = std::filesystem::temp_directory_path() / ("poolscope_locale_" + std::to_string(::getpid()));
      std::filesystem::create_directories(dir_);
      const std::string command =
          "localedef -i ru_RU -f UTF-8 '" + (dir_ / "ru_RU.UTF-8").string() + "' >/dev/null 2>&1";
      if (std::system(command.c_str()) == 0) {
        ::setenv("LOCPATH", dir_.c_str(), 1);
        std::setlocale(LC_ALL, "ru_RU.UTF-8");
      }
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.1f", 1.5);
    active_ = std::string(buffer) == "1,5";
  }
  ~CommaLocaleScope() {
    std::setlocale(LC_ALL, "C");
    ::unsetenv("LOCPATH");
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  CommaLocaleScope(const CommaLocaleScope&) = delete;
  CommaLocaleScope& operator=(const CommaLocaleScope&) = delete;

  // False if no such locale could be had (not installed, and localedef failed): the caller skips.
  bool active() const { return active_; }
  static constexpr const char* kWhyNot =
      "no locale with a decimal comma here (ru_RU.UTF-8 is not installed and localedef failed)";

 private:
  std::filesystem::path dir_;
  bool active_ = false;
};

}  // namespace poolscope::test
