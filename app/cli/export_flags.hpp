// The chart export flags shared by `poolscope run` and `poolscope render`:
// --png FILE, --svg FILE, --pdf FILE, --size WxH, --theme light|dark, --no-caption.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QApplication>
#include <QSize>

#include "chart/chart_theme.hpp"
#include "cli/arg_cursor.hpp"
#include "cli/output_guard.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::cli {

struct ExportFlags {
  std::optional<std::filesystem::path> png;
  std::optional<std::filesystem::path> svg;
  std::optional<std::filesystem::path> pdf;
  QSize size{1920, 1080};
  chart::ThemeKind theme = chart::ThemeKind::light;
  bool caption = true;  // the settings line under the chart; --no-caption leaves it out

  bool any() const { return png || svg || pdf; }
};

// If the cursor's current flag is an export flag, reads its value into `flags` and returns true.
// Throws InputError for a bad --size or --theme.
bool takeExportFlag(ArgCursor& cursor, ExportFlags& flags);

// Throws InputError if an output file could not be written (missing or read-only directory).
void checkExportPaths(const ExportFlags& flags);

// Makes sure a QApplication exists for drawing headless: creates one on the offscreen platform (with a
// private runtime directory, removed afterwards) if the process has none. Create it only after the last
// fork: Qt starts threads.
class HeadlessApp {
 public:
  HeadlessApp();
  ~HeadlessApp();
  HeadlessApp(const HeadlessApp&) = delete;
  HeadlessApp& operator=(const HeadlessApp&) = delete;
  // The private runtime directory it made (empty if the environment had one, or an app existed).
  const std::filesystem::path& runtimeDir() const { return runtimeDir_; }

 private:
  std::filesystem::path runtimeDir_;
  std::unique_ptr<QApplication> app_;
};

// Writes every requested chart. Creates an offscreen QApplication if none exists yet (the CLI has none).
// Throws InputError if a file cannot be written.
// `plannedSeconds` (the scenario's durations) name the durations in the caption (else they are measured from
// the trace) and draw a `spin` run's plan beside its bars, with this machine's core count in the panel header.
void exportCharts(const Trace& trace, const ExportFlags& flags, OutputGuard& guard,
                  const std::vector<double>& plannedSeconds = {});

// The --help lines describing these flags (--no-caption has its own: `poolscope memory` has no use for it).
std::string exportFlagsHelp();
std::string captionFlagHelp();

}  // namespace poolscope::cli
