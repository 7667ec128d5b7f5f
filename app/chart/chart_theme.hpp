// Colours and fonts of the charts: light and dark, sized for a projector, colour-blind-safe task colours.
// Fonts are in pixels (at 96 dpi) so a chart looks the same on screen, in a PNG, an SVG and a PDF.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <QColor>
#include <QFont>

namespace poolscope::chart {

enum class ThemeKind : std::uint8_t { light, dark };
std::string_view themeName(ThemeKind kind);                       // "light" / "dark"
std::optional<ThemeKind> themeFromString(std::string_view text);  // "light" / "dark"

struct ChartTheme {
  ThemeKind kind = ThemeKind::light;
  bool presenter = true;  // presenter: every font >= 14 pt (19 px), for the back of a lecture hall

  QColor background;      // behind everything
  QColor plotBackground;  // inside a Gantt plot area
  QColor text;
  QColor mutedText;  // axis titles, secondary labels
  QColor grid;
  QColor axis;
  QColor laneBackground;  // the caller lane under the workers
  QColor waitShade;       // the time a finished result waited before the caller got it
  QColor connector;       // bar end -> emission marker
  QColor marker;          // emission markers
  QColor failed;          // error / crashed tasks
  QColor chunkEdge;       // chunk boundaries when chunksize > 1
  QColor cursor;          // scrub cursor / "now" line
  QColor heldLine;        // results-held curve
  QColor heldFill;
  QColor tableHeader;  // metrics table header row background
  QColor tableStripe;  // alternate table rows

  QFont titleFont;  // panel titles
  QFont labelFont;  // axis labels, worker rows, bar labels
  QFont smallFont;  // emission order numbers, on-chart metrics
  QFont tableFont;

  // presenter = false gives smaller fonts for an ordinary window; colours are the same.
  static ChartTheme make(ThemeKind kind, bool presenter = true);

  // Colour of task `index` (Okabe-Ito, cycled every 6 tasks): identical in every panel and every export.
  QColor taskColor(std::uint64_t index) const;
  // The second cue that keeps tasks apart once the colours repeat: tasks 1-6 are plain, 7-12 striped, 13-18
  // cross-hatched, ... so task 7 never looks like task 1 (30 tasks before a colour and pattern pair repeats).
  static Qt::BrushStyle taskPattern(std::uint64_t index);
  static constexpr std::uint64_t kTaskColorCount = 6;
  // Black or white, whichever reads better on `fill`.
  static QColor textOn(const QColor& fill);
};

}  // namespace poolscope::chart
