// Export flags. The CLI renders with the offscreen platform so exports work over ssh and in CI,
// and look the same as on a desktop.
#include "cli/export_flags.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include <QApplication>

#include "chart/chart_export.hpp"
#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {

bool takeExportFlag(ArgCursor& cursor, ExportFlags& flags) {
  const std::string& flag = cursor.current();
  if (flag == "--png") {
    flags.png = cursor.value();
  } else if (flag == "--svg") {
    flags.svg = cursor.value();
  } else if (flag == "--pdf") {
    flags.pdf = cursor.value();
  } else if (flag == "--size") {
    const std::string text = cursor.value();
    try {
      flags.size = chart::parseSize(text);
    } catch (const InputError& e) {
      throw InputError(std::string("--size: ") + e.what());
    }
  } else if (flag == "--no-caption") {
    cursor.noValue();
    flags.caption = false;
  } else if (flag == "--theme") {
    const std::string text = cursor.value();
    const auto theme = chart::themeFromString(text);
    if (!theme) throw InputError("--theme must be light or dark, not '" + excerpt(text) + "'");
    flags.theme = *theme;
  } else {
    return false;
  }
  return true;
}

void checkExportPaths(const ExportFlags& flags) {
  if (flags.png) check_output_path(*flags.png, "--png");
  if (flags.svg) check_output_path(*flags.svg, "--svg");
  if (flags.pdf) check_output_path(*flags.pdf, "--pdf");
}

HeadlessApp::HeadlessApp() {
  if (QCoreApplication::instance() != nullptr) return;
  ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
  // Without a runtime directory Qt warns on stderr (over ssh, in CI); give it a private one for the export.
  if (std::getenv("XDG_RUNTIME_DIR") == nullptr) {
    std::string dir = (std::filesystem::temp_directory_path() / "poolscope-runtime-XXXXXX").string();
    if (::mkdtemp(dir.data()) != nullptr) {
      runtimeDir_ = dir;
      ::setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
    }
  }
  static int argc = 1;
  static char name[] = "poolscope";
  static char* argv[] = {name, nullptr};
  app_ = std::make_unique<QApplication>(argc, argv);
}

HeadlessApp::~HeadlessApp() {
  app_.reset();  // the directory goes after the QApplication that used it
  std::error_code ec;
  if (!runtimeDir_.empty()) std::filesystem::remove_all(runtimeDir_, ec);
}

void exportCharts(const Trace& trace, const ExportFlags& flags, OutputGuard& guard,
                  const std::vector<double>& plannedSeconds) {
  if (!flags.any()) return;
  HeadlessApp app;
  if (!app.runtimeDir().empty()) guard.removeOnStop(app.runtimeDir());
  chart::ExportOptions options;
  options.plannedSeconds = plannedSeconds;
  if (!plannedSeconds.empty()) options.cores = static_cast<int>(std::thread::hardware_concurrency());
  options.size = flags.size;
  options.theme = flags.theme;
  options.caption = flags.caption;
  if (flags.caption)
    options.captionText = chart::exportCaption(trace, plannedSeconds.empty() ? nullptr : &plannedSeconds);
  const auto write = [&](const std::optional<std::filesystem::path>& file, chart::ExportFormat format) {
    if (!file) return;
    QByteArray bytes;
    try {
      bytes = chart::encodeTrace(trace, format, options);
    } catch (const InputError& e) {
      throw InputError("cannot write " + excerpt_path(*file) + ": " + e.what());
    }
    guard.write(*file, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  };
  write(flags.png, chart::ExportFormat::png);
  write(flags.svg, chart::ExportFormat::svg);
  write(flags.pdf, chart::ExportFormat::pdf);
}

std::string exportFlagsHelp() {
  return "  --png FILE, --svg FILE, --pdf FILE\n"
         "                      also draw the chart (compare view for --mode all) into FILE\n"
         "  --size WxH          size of the exported chart in pixels (default 1920x1080)\n"
         "  --theme light|dark  colours of the exported chart (default light)\n";
}

std::string captionFlagHelp() {
  return "  --no-caption        leave out the settings line (mode, workers, chunksize, workload, durations)\n"
         "                      that the exported chart carries under it\n";
}

}  // namespace poolscope::cli
