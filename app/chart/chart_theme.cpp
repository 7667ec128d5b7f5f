// Light and dark chart themes; task colours from the Okabe-Ito palette (safe for the common colour-vision
// deficiencies). Vermillion and black are left out: red means "failed", black vanishes on the dark theme.
#include "chart/chart_theme.hpp"

#include <array>

namespace poolscope::chart {

namespace {

constexpr std::array<QRgb, ChartTheme::kTaskColorCount> kTaskColors = {
    0xE69F00,  // orange
    0x56B4E9,  // sky blue
    0x009E73,  // bluish green
    0xF0E442,  // yellow
    0x0072B2,  // blue
    0xCC79A7,  // reddish purple
};

QFont pixelFont(int pixels, bool bold = false) {
  QFont font;
  font.setFamilies({QStringLiteral("Noto Sans"), QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"),
                    QStringLiteral("sans-serif")});
  font.setPixelSize(pixels);
  font.setBold(bold);
  font.setHintingPreference(QFont::PreferNoHinting);  // same glyph widths on screen, PNG, SVG and PDF
  return font;
}

}  // namespace

std::string_view themeName(ThemeKind kind) { return kind == ThemeKind::dark ? "dark" : "light"; }

std::optional<ThemeKind> themeFromString(std::string_view text) {
  if (text == "light") return ThemeKind::light;
  if (text == "dark") return ThemeKind::dark;
  return std::nullopt;
}

ChartTheme ChartTheme::make(ThemeKind kind, bool presenter) {
  ChartTheme t;
  t.kind = kind;
  t.presenter = presenter;
  if (kind == ThemeKind::light) {
    t.background = QColor(0xFFFFFF);
    t.plotBackground = QColor(0xFAFBFC);
    t.text = QColor(0x1A1A1A);
    t.mutedText = QColor(0x5A6270);
    t.grid = QColor(0xD9DDE3);
    t.axis = QColor(0x8A919C);
    t.laneBackground = QColor(0xEEF1F5);
    t.waitShade = QColor(0x5A6270);
    t.connector = QColor(0x3C4350);
    t.marker = QColor(0x1A1A1A);
    t.failed = QColor(0xC8102E);
    t.chunkEdge = QColor(0x1A1A1A);
    t.cursor = QColor(0xC8102E);
    t.heldLine = QColor(0x0072B2);
    t.heldFill = QColor(0x0072B2);
    t.heldFill.setAlpha(60);
    t.tableHeader = QColor(0xE4E8EE);
    t.tableStripe = QColor(0xF5F7FA);
  } else {
    t.background = QColor(0x15181E);
    t.plotBackground = QColor(0x1C2028);
    t.text = QColor(0xEEF0F3);
    t.mutedText = QColor(0xA9B1BD);
    t.grid = QColor(0x343A46);
    t.axis = QColor(0x6B7380);
    t.laneBackground = QColor(0x262B35);
    t.waitShade = QColor(0xC8CED8);
    t.connector = QColor(0xC8CED8);
    t.marker = QColor(0xEEF0F3);
    t.failed = QColor(0xFF4D5E);
    t.chunkEdge = QColor(0xEEF0F3);
    t.cursor = QColor(0xFF4D5E);
    t.heldLine = QColor(0x56B4E9);
    t.heldFill = QColor(0x56B4E9);
    t.heldFill.setAlpha(70);
    t.tableHeader = QColor(0x2A303B);
    t.tableStripe = QColor(0x1C2028);
  }
  t.waitShade.setAlpha(kind == ThemeKind::light ? 70 : 90);
  // 96 dpi: 19 px = 14.25 pt, 24 px = 18 pt.
  const int base = presenter ? 19 : 14;
  t.titleFont = pixelFont(presenter ? 26 : 17, true);
  t.labelFont = pixelFont(base);
  t.smallFont = pixelFont(presenter ? 19 : 12);
  t.tableFont = pixelFont(presenter ? 20 : 14);
  return t;
}

QColor ChartTheme::taskColor(std::uint64_t index) const {
  return QColor(kTaskColors[static_cast<std::size_t>(index % kTaskColors.size())]);
}

Qt::BrushStyle ChartTheme::taskPattern(std::uint64_t index) {
  // Failed tasks use BDiagPattern on red; these stay clear of it.
  static constexpr std::array<Qt::BrushStyle, 5> kPatterns = {Qt::NoBrush, Qt::FDiagPattern, Qt::CrossPattern,
                                                              Qt::VerPattern, Qt::HorPattern};
  return kPatterns[static_cast<std::size_t>((index / kTaskColors.size()) % kPatterns.size())];
}

QColor ChartTheme::textOn(const QColor& fill) {
  // Relative luminance (sRGB weights); the bar colours are all fairly light or fairly dark.
  const double luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
  return luminance > 0.45 ? QColor(0x111111) : QColor(0xFFFFFF);
}

}  // namespace poolscope::chart
