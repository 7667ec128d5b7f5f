// The window's theme is set as an application palette (see gui/window_palette), so the canvas follows
// palette changes instead of being told: it needs no hook in the main window.
#include "memory/memory_canvas.hpp"

#include <QEvent>
#include <QPainter>

namespace poolscope::memory {

MemoryCanvas::MemoryCanvas(QWidget* parent)
    : QWidget(parent), chart_(bench::MemoryOptions{}, 1, chart::ChartTheme::make(chart::ThemeKind::light, false)) {
  setMinimumSize(480, 320);
  followPalette();
}

void MemoryCanvas::followPalette() {
  const bool dark = palette().color(QPalette::Window).lightness() < 128;
  chart_.setTheme(chart::ChartTheme::make(dark ? chart::ThemeKind::dark : chart::ThemeKind::light, false));
}

void MemoryCanvas::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) {
    followPalette();
    update();
  }
  QWidget::changeEvent(event);
}

void MemoryCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  chart_.paint(painter, QRectF(rect()));
}

}  // namespace poolscope::memory
