// The bar draws with ChartLegend, the same painter the image exports use, so window and slide agree.
#include "gui/legend_bar.hpp"

#include <cmath>

#include <QEvent>
#include <QPainter>
#include <QResizeEvent>

#include "chart/chart_legend.hpp"

namespace poolscope::gui {

namespace {
constexpr int kMargin = 8;
}

LegendBar::LegendBar(QWidget* parent)
    : QWidget(parent), theme_(chart::ChartTheme::make(chart::ThemeKind::light, false)) {
  setObjectName(QStringLiteral("legendBar"));
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void LegendBar::setTheme(const chart::ChartTheme& theme) {
  theme_ = theme;
  fitHeight();
  update();
}

int LegendBar::neededHeight(int width) const {
  return static_cast<int>(std::ceil(chart::ChartLegend::heightFor(theme_, width - 2 * kMargin))) + kMargin;
}

void LegendBar::fitHeight() {
  const int needed = neededHeight(width() > 0 ? width() : 800);
  if (height() != needed || minimumHeight() != needed) setFixedHeight(needed);
}

QSize LegendBar::sizeHint() const { return {800, neededHeight(width() > 0 ? width() : 800)}; }

void LegendBar::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitHeight();
}

void LegendBar::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), theme_.background);
  chart::ChartLegend::paint(painter, QRectF(rect()).adjusted(kMargin, kMargin / 2.0, -kMargin, 0), theme_);
}

void LegendBar::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) {
    fitHeight();
    update();
  }
  QWidget::changeEvent(event);
}

}  // namespace poolscope::gui
