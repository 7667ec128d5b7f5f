// TimeAxisItem: Qt Charts elides axis labels ("…") when it finds them cramped, which presenter fonts at 720p
// always are; drawing them here lets the step grow until every label fits instead.
#include "chart/time_axis_item.hpp"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>

namespace poolscope::chart {

namespace {

constexpr double kGap = 24.0;       // pixels between two neighbouring labels at least
constexpr double kSpacing = 110.0;  // pixels between two ticks at least

}  // namespace

TimeAxisItem::TimeAxisItem(const ChartTheme* theme) : theme_(theme) { setZValue(10); }

void TimeAxisItem::setGeometry(double top, double left, double right, const TimeScale& scale) {
  prepareGeometryChange();
  top_ = top;
  left_ = left;
  right_ = right;
  scale_ = scale;
  update();
}

double TimeAxisItem::heightFor(const ChartTheme& theme) {
  return std::ceil(QFontMetricsF(theme.labelFont).height() + 4.0);
}

QString TimeAxisItem::tickText(double seconds, int decimals) {
  return QStringLiteral("%1 s").arg(QLocale().toString(seconds, 'f', decimals));
}

double TimeAxisItem::stepFor(const TimeScale& scale, const QFont& font) {
  const QFontMetricsF fm(font);
  const double span = scale.tMax - scale.tMin;
  if (!(span > 0.0) || !(scale.width > 0.0)) return 1.0;
  // A tick every 110 px or more reads well from the back of a room; wide labels ask for more room than that.
  int target =
      std::max(1, std::min(static_cast<int>(scale.width / kSpacing),
                           static_cast<int>(scale.width / (fm.horizontalAdvance(tickText(scale.tMax, 0)) + kGap))));
  for (;; --target) {
    const double step = niceStep(span, target);
    const int decimals = decimalsFor(step);
    const double widest = std::max(fm.horizontalAdvance(tickText(scale.tMax, decimals)),
                                   fm.horizontalAdvance(tickText(scale.tMin, decimals)));
    if (step * scale.pixelsPerSecond() >= widest + kGap || target <= 1) return step;
  }
}

std::vector<TimeAxisItem::Tick> TimeAxisItem::ticks() const {
  std::vector<Tick> out;
  const double span = scale_.tMax - scale_.tMin;
  if (!(span > 0.0)) return out;
  const double step = stepFor(scale_, theme_->labelFont);
  const int decimals = decimalsFor(step);
  const double first = std::ceil(scale_.tMin / step - 1e-9);
  for (double k = first;; k += 1.0) {
    const double t = k * step;
    if (t > scale_.tMax + step * 1e-9) break;
    out.push_back({scale_.x(t), tickText(std::fabs(t) < step * 1e-9 ? 0.0 : t, decimals)});
  }
  return out;
}

QStringList TimeAxisItem::labels() const {
  QStringList out;
  for (const Tick& tick : ticks()) out << tick.text;
  return out;
}

QRectF TimeAxisItem::boundingRect() const {
  return QRectF(left_, top_, std::max(0.0, right_ - left_), heightFor(*theme_));
}

void TimeAxisItem::paint(QPainter* p, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/) {
  const QFontMetricsF fm(theme_->labelFont);
  p->save();
  p->setFont(theme_->labelFont);
  p->setPen(theme_->text);
  for (const Tick& tick : ticks()) {
    const double w = fm.horizontalAdvance(tick.text) + 2.0;
    // Centred under the tick; the first and last are pushed inside the drawable width, never cut.
    const double x = std::clamp(tick.x - w / 2.0, left_, std::max(left_, right_ - w));
    p->drawText(QRectF(x, top_ + 2.0, w, fm.height()), Qt::AlignCenter, tick.text);
  }
  p->restore();
}

}  // namespace poolscope::chart
