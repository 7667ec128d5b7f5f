#include "gui/window_palette.hpp"

#include <QApplication>
#include <QStyle>

namespace poolscope::gui {

QPalette windowPalette(const chart::ChartTheme& theme) {
  if (theme.kind == chart::ThemeKind::light) {
    QPalette p = QApplication::style()->standardPalette();
    p.setColor(QPalette::Highlight, QColor(0x0072B2));
    p.setColor(QPalette::Link, QColor(0x0072B2));
    return p;
  }
  const QColor window(0x20242C);
  const QColor base(theme.background);
  const QColor text(theme.text);
  const QColor muted(theme.mutedText);
  QPalette p;
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, theme.plotBackground);
  p.setColor(QPalette::ToolTipBase, theme.laneBackground);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, muted);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0x2A303B));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(0xFF4D5E));
  p.setColor(QPalette::Light, QColor(0x3A414E));
  p.setColor(QPalette::Midlight, QColor(0x323844));
  p.setColor(QPalette::Mid, QColor(0x262B35));
  p.setColor(QPalette::Dark, QColor(0x121419));
  p.setColor(QPalette::Shadow, QColor(0x0A0B0E));
  p.setColor(QPalette::Highlight, QColor(0x56B4E9));
  p.setColor(QPalette::HighlightedText, QColor(0x111111));
  p.setColor(QPalette::Link, QColor(0x56B4E9));
  for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    p.setColor(QPalette::Disabled, role, QColor(0x6B7380));
  }
  p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x242932));
  return p;
}

}  // namespace poolscope::gui
