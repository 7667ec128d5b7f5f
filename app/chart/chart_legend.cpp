// Samples are drawn with the same colours, pens and shapes as GanttItem and HeldItem use, so the legend
// reads as the chart does in either theme.
#include "chart/chart_legend.hpp"

#include <cmath>

#include <QFontMetricsF>
#include <QPainterPath>

namespace poolscope::chart {

namespace {

enum class Entry { bar, chunk, waiting, marker, failed, held };
constexpr Entry kEntries[] = {Entry::bar, Entry::chunk, Entry::waiting, Entry::marker, Entry::failed, Entry::held};

double sampleWidth(const ChartTheme& theme) { return QFontMetricsF(theme.labelFont).height() * 1.8; }
double gap(const ChartTheme& theme) { return QFontMetricsF(theme.labelFont).height() * 0.9; }

void paintSample(QPainter& p, Entry entry, const QRectF& r, const ChartTheme& theme) {
  const QRectF bar = r.adjusted(0, r.height() * 0.2, 0, -r.height() * 0.2);
  switch (entry) {
    case Entry::bar: p.fillRect(bar, theme.taskColor(0)); break;
    case Entry::chunk:
      p.fillRect(bar.adjusted(3, 3, -3, -3), theme.taskColor(1));
      p.setPen(QPen(theme.chunkEdge, 2.0));
      p.setBrush(Qt::NoBrush);
      p.drawRoundedRect(bar, 3.0, 3.0);
      break;
    case Entry::waiting: p.fillRect(bar, theme.waitShade); break;
    case Entry::marker: {
      const double d = r.height() * 0.8;
      const QRectF chip(r.center().x() - d / 2, r.center().y() - d / 2, d, d);
      p.setPen(QPen(theme.marker, 1.5));
      p.setBrush(theme.taskColor(2));
      p.drawRoundedRect(chip, d / 2, d / 2);
      break;
    }
    case Entry::failed: p.fillRect(bar, theme.failed); break;
    case Entry::held: {
      QPainterPath step;
      step.moveTo(r.left(), r.bottom() - 2);
      step.lineTo(r.left() + r.width() * 0.3, r.bottom() - 2);
      step.lineTo(r.left() + r.width() * 0.3, r.center().y());
      step.lineTo(r.left() + r.width() * 0.65, r.center().y());
      step.lineTo(r.left() + r.width() * 0.65, r.top() + 2);
      step.lineTo(r.right(), r.top() + 2);
      p.setPen(QPen(theme.heldLine, 2.5, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
      p.setBrush(Qt::NoBrush);
      p.drawPath(step);
      break;
    }
  }
}

}  // namespace

QStringList ChartLegend::names() {
  return {tr("task (input → result)"),     tr("chunk sent together"), tr("result waiting for the caller"),
          tr("result reaches the caller"), tr("failed task"),         tr("results held")};
}

double ChartLegend::heightFor(const ChartTheme& theme, double width) {
  const QFontMetricsF metrics(theme.labelFont);
  const double rowHeight = std::ceil(metrics.height() * 1.4);
  int rows = 1;
  double x = 0.0;
  for (const QString& name : names()) {
    const double entry = sampleWidth(theme) + 6.0 + metrics.horizontalAdvance(name);
    if (x > 0.0 && x + entry > width) {
      ++rows;
      x = 0.0;
    }
    x += entry + gap(theme);
  }
  return rows * rowHeight;
}

void ChartLegend::paint(QPainter& painter, const QRectF& box, const ChartTheme& theme) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setFont(theme.labelFont);
  const QFontMetricsF metrics(theme.labelFont);
  const double lineHeight = metrics.height();
  const double rowHeight = std::ceil(lineHeight * 1.4);
  const QStringList labels = names();
  double x = box.left();
  double top = box.top() + (rowHeight - lineHeight) / 2;
  for (int i = 0; i < labels.size(); ++i) {
    const double textWidth = metrics.horizontalAdvance(labels[i]);
    if (x > box.left() && x + sampleWidth(theme) + 6.0 + textWidth > box.right() + 0.5) {
      x = box.left();
      top += rowHeight;
    }
    if (top + lineHeight > box.bottom() + 0.5) break;
    paintSample(painter, kEntries[i], QRectF(x, top, sampleWidth(theme), lineHeight), theme);
    x += sampleWidth(theme) + 6.0;
    painter.setPen(theme.text);
    painter.drawText(QRectF(x, top, textWidth + 1, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, labels[i]);
    x += textWidth + gap(theme);
  }
  painter.restore();
}

}  // namespace poolscope::chart
