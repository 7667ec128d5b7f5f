// MetricsTableItem: a plain striped table painted with QPainter (a QTableWidget would not appear in a
// headless SVG / PDF export of the scene).
#include "chart/metrics_table_item.hpp"

#include <array>
#include <cmath>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

namespace poolscope::chart {

QString formatSeconds(double seconds) {
  if (seconds < 0.0 || !std::isfinite(seconds)) return QStringLiteral("—");
  if (seconds < 0.0005) return QStringLiteral("0 s");
  if (seconds < 0.1) return QStringLiteral("%1 ms").arg(seconds * 1000.0, 0, 'f', seconds < 0.01 ? 1 : 0);
  return QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
}

MetricsTableItem::MetricsTableItem(const ChartTheme* theme) : theme_(theme) { setZValue(10); }

void MetricsTableItem::setModels(const std::vector<QPointer<RunModel>>& models) {
  models_ = models;
  update();
}

void MetricsTableItem::setGeometry(const QRectF& rect) {
  prepareGeometryChange();
  rect_ = rect;
  update();
}

void MetricsTableItem::setNowNs(std::int64_t nowNs) {
  nowNs_ = nowNs;
  update();
}

double MetricsTableItem::heightFor(const ChartTheme& theme, std::size_t rows) {
  const double rowH = std::ceil(QFontMetricsF(theme.tableFont).height() * 1.55);
  return rowH * static_cast<double>(rows + 1);
}

void MetricsTableItem::paint(QPainter* p, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/) {
  if (rect_.isEmpty()) return;
  const QFontMetricsF fm(theme_->tableFont);
  const double rowH = std::ceil(fm.height() * 1.55);
  // Fetched on every paint, not cached, so a change of language shows on the next repaint.
  const std::array<QString, 6> headers = {
      QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Run"),
      QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Wall time"),
      QCoreApplication::translate("poolscope::chart::MetricsTableItem", "First result"),
      QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Mean wait (finish → caller)"),
      QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Peak results held"),
      QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Workers idle")};
  // The first column holds the run's title; the figures share the rest.
  const std::array<double, 6> weights = {2.1, 1.0, 1.0, 1.6, 1.3, 1.0};
  double total = 0.0;
  for (double w : weights) total += w;
  std::array<double, 7> xs{};
  xs[0] = rect_.left();
  for (std::size_t c = 0; c < 6; ++c) xs[c + 1] = xs[c] + rect_.width() * weights[c] / total;

  p->save();
  p->setRenderHint(QPainter::Antialiasing, true);
  p->setRenderHint(QPainter::TextAntialiasing, true);
  QFont bold = theme_->tableFont;
  bold.setBold(true);
  const QFontMetricsF bfm(bold);
  p->fillRect(QRectF(rect_.left(), rect_.top(), rect_.width(), rowH), theme_->tableHeader);
  p->setFont(bold);
  p->setPen(theme_->text);
  for (std::size_t c = 0; c < 6; ++c) {
    const QRectF cell(xs[c] + 10.0, rect_.top(), xs[c + 1] - xs[c] - 20.0, rowH);
    p->drawText(cell, (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                bfm.elidedText(headers[c], Qt::ElideRight, cell.width()));
  }
  p->setFont(theme_->tableFont);
  double y = rect_.top() + rowH;
  std::size_t row = 0;
  for (const auto& model : models_) {
    if (!model) continue;
    if (row % 2 == 1) p->fillRect(QRectF(rect_.left(), y, rect_.width(), rowH), theme_->tableStripe);
    const RunMetrics m = model->metrics(model->finished() ? 0 : nowNs_);
    const std::array<QString, 6> cells = {
        model->title(),
        formatSeconds(m.wallSeconds),
        formatSeconds(m.firstResultSeconds),
        m.emitted > 0 ? formatSeconds(m.meanWaitSeconds) : QStringLiteral("—"),
        QCoreApplication::translate("poolscope::chart::MetricsTableItem", "%1 of %2").arg(m.peakHeld).arg(m.tasks),
        QStringLiteral("%1 %").arg(m.idlePercent, 0, 'f', 0)};
    p->setPen(theme_->text);
    for (std::size_t c = 0; c < 6; ++c) {
      const QRectF cell(xs[c] + 10.0, y, xs[c + 1] - xs[c] - 20.0, rowH);
      p->setFont(c == 0 ? bold : theme_->tableFont);
      p->drawText(cell, (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                  (c == 0 ? bfm : fm).elidedText(cells[c], Qt::ElideRight, cell.width()));
    }
    y += rowH;
    ++row;
  }
  p->setPen(QPen(theme_->axis, 1.0));
  p->setBrush(Qt::NoBrush);
  p->drawRect(QRectF(rect_.left(), rect_.top(), rect_.width(), y - rect_.top()));
  p->restore();
}

}  // namespace poolscope::chart
