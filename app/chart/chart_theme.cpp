// Light and dark chart themes; task colours from the Okabe-Ito palette (safe for the common colour-vision
// deficiencies). Vermillion and black are left out: red means "failed", black vanishes on the dark theme.
#include "chart/chart_theme.hpp"

#include <array>

namespace poolscope::chart {

namespace {

constexpr std::array<QRgb, 6> kTaskColors = {
    0xE69F00,  // orange
    0x56B4E9,  // sky blue
    0x009E73,  // bluish green
    0xF0E442,  // yellow
    0x0072B2,  // blue
    0xCC79A7,  // reddish purple
};

QFont pixel_font(int pixels, bool bold = false) {
  QFont font;
  font.setFamilies({QStringLiteral("Noto Sans"), QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"),
                    QStringLiteral("sans-serif")});
  font.setPixelSize(pixels);
  font.setBold(bold);
  font.setHintingPreference(QFont::PreferNoHinting);  // same glyph widths on screen, PNG, SVG and PDF
  return font;
}

}  // namespace

std::string_view to_string(ThemeKind kind) { return kind == ThemeKind::dark ? "dark" : "light"; }

std::optional<ThemeKind> theme_from_string(std::string_view text) {
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
    t.plot_background = QColor(0xFAFBFC);
    t.text = QColor(0x1A1A1A);
    t.muted_text = QColor(0x5A6270);
    t.grid = QColor(0xD9DDE3);
    t.axis = QColor(0x8A919C);
    t.lane_background = QColor(0xEEF1F5);
    t.wait_shade = QColor(0x5A6270);
    t.connector = QColor(0x3C4350);
    t.marker = QColor(0x1A1A1A);
    t.failed = QColor(0xC8102E);
    t.chunk_edge = QColor(0x1A1A1A);
    t.cursor = QColor(0xC8102E);
    t.held_line = QColor(0x0072B2);
    t.held_fill = QColor(0x0072B2);
    t.held_fill.setAlpha(60);
    t.table_header = QColor(0xE4E8EE);
    t.table_stripe = QColor(0xF5F7FA);
  } else {
    t.background = QColor(0x15181E);
    t.plot_background = QColor(0x1C2028);
    t.text = QColor(0xEEF0F3);
    t.muted_text = QColor(0xA9B1BD);
    t.grid = QColor(0x343A46);
    t.axis = QColor(0x6B7380);
    t.lane_background = QColor(0x262B35);
    t.wait_shade = QColor(0xC8CED8);
    t.connector = QColor(0xC8CED8);
    t.marker = QColor(0xEEF0F3);
    t.failed = QColor(0xFF4D5E);
    t.chunk_edge = QColor(0xEEF0F3);
    t.cursor = QColor(0xFF4D5E);
    t.held_line = QColor(0x56B4E9);
    t.held_fill = QColor(0x56B4E9);
    t.held_fill.setAlpha(70);
    t.table_header = QColor(0x2A303B);
    t.table_stripe = QColor(0x1C2028);
  }
  t.wait_shade.setAlpha(kind == ThemeKind::light ? 70 : 90);
  // 96 dpi: 19 px = 14.25 pt, 24 px = 18 pt.
  const int base = presenter ? 19 : 14;
  t.title_font = pixel_font(presenter ? 26 : 17, true);
  t.label_font = pixel_font(base);
  t.small_font = pixel_font(presenter ? 19 : 12);
  t.table_font = pixel_font(presenter ? 20 : 14);
  return t;
}

QColor ChartTheme::task_color(std::uint64_t index) const {
  return QColor(kTaskColors[static_cast<std::size_t>(index % kTaskColors.size())]);
}

QColor ChartTheme::text_on(const QColor& fill) {
  // Relative luminance (sRGB weights); the bar colours are all fairly light or fairly dark.
  const double luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
  return luminance > 0.45 ? QColor(0x111111) : QColor(0xFFFFFF);
}

}  // namespace poolscope::chart
