// Headless export of charts to PNG, SVG and PDF (works under QT_QPA_PLATFORM=offscreen), and to the clipboard.
// A QApplication must exist. Files are written atomically; failures throw poolscope::InputError.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

#include "chart/chart_theme.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::chart {

class ChartArea;

enum class ExportFormat : std::uint8_t { png, svg, pdf };
// By file extension (.png / .svg / .pdf, any case); throws InputError for anything else.
ExportFormat formatFromPath(const std::filesystem::path& file);

struct ExportOptions {
  QSize size{1920, 1080};         // logical pixels; a PDF page gets the same aspect (96 px = 1 inch)
  double devicePixelRatio = 1.0;  // PNG only: 2.0 writes 3840x2160 for 1920x1080, same layout (HiDPI)
  ThemeKind theme = ThemeKind::light;
  bool presenter = true;       // large fonts for slides and projectors
  bool showRunLabels = false;  // titles keep a "PoolScope" label too (traces read from files)
  // A settings line under the chart (mode, workers, chunksize, workload, durations), so that a slide keeps
  // its context. The GUI and the CLI turn it on; off here so the chart's own layout is the default.
  bool caption = false;
  QString captionText;  // empty = exportCaption(trace)
  bool legend = false;  // the legend row (ChartLegend) under the chart, above the caption
  // The plan of the run, when known (poolscope run): each task's duration and the cores of this machine.
  std::vector<double> plannedSeconds;
  int cores = 0;
};

// The settings line of an export: "imap · Pool(3) · chunksize 1 · sleep · durations 1, 2, 3 s". Durations are
// `planned` when given (the scenario's), else measured from the trace (rounded to 0.01 s); a long list is cut.
QString exportCaption(const Trace& trace, const std::vector<double>* planned = nullptr);

// "1920x1080" -> QSize; throws InputError naming the expected form (each side 200..16384).
QSize parseSize(std::string_view text);

// Draws `trace` (1 run = single view, 2+ runs = stacked compare view with its table) headless.
QImage renderTraceImage(const Trace& trace, const ExportOptions& options = {});
// Writes `trace` to `file` in `format` (or by the file's extension). Throws InputError if the trace holds
// no run, the size is invalid or the file cannot be written.
void exportTrace(const Trace& trace, const std::filesystem::path& file, ExportFormat format,
                 const ExportOptions& options = {});
void exportTrace(const Trace& trace, const std::filesystem::path& file, const ExportOptions& options = {});
// The bytes of that file, drawn in memory (for callers that write them themselves). Throws InputError.
QByteArray encodeTrace(const Trace& trace, ExportFormat format, const ExportOptions& options = {});

// The same for what a live ChartArea shows, with its theme. `size` empty = the area's current size.
QImage renderAreaImage(const ChartArea& area, QSize size = {}, double devicePixelRatio = 1.0);
void exportArea(const ChartArea& area, const std::filesystem::path& file, ExportFormat format, QSize size = {},
                double devicePixelRatio = 1.0);
void exportArea(const ChartArea& area, const std::filesystem::path& file, QSize size = {},
                double devicePixelRatio = 1.0);
// Puts a PNG-quality image of the area on the system clipboard.
void copyAreaToClipboard(const ChartArea& area, double devicePixelRatio = 1.0);

}  // namespace poolscope::chart
