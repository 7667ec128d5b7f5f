// The memory chart is drawn with plain QPainter calls in scene pixels, so the same code fills a widget, a
// PNG, an SVG and a PDF. Modes keep the colours of the Gantt chart's first three tasks (Okabe-Ito).
#include "memory/memory_chart.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainterPath>

#include "chart/time_scale.hpp"

namespace poolscope::memory {
namespace {

QString grouped(std::uint64_t n) { return QLocale(QLocale::English).toString(static_cast<qulonglong>(n)); }

QString axisNumber(double v, double step) { return QString::number(v, 'f', chart::decimalsFor(step)); }

double seriesValue(const bench::MemorySample& s, int series) {
  switch (series) {
    case 0: return s.rss_mib;
    case 1: return static_cast<double>(s.held);
    default: return static_cast<double>(s.handed_on);
  }
}

}  // namespace

MemoryChart::MemoryChart(bench::MemoryOptions options, int workers, chart::ChartTheme theme)
    : options_(options), workers_(workers), theme_(std::move(theme)) {}

void MemoryChart::setSettings(const bench::MemoryOptions& options, int workers) {
  options_ = options;
  workers_ = workers;
}

void MemoryChart::setTheme(const chart::ChartTheme& theme) { theme_ = theme; }

void MemoryChart::setRuns(std::vector<bench::MemoryModeRun> runs) { runs_ = std::move(runs); }

void MemoryChart::setLiveRun(const bench::MemoryModeRun& run) {
  live_ = run;
  hasLive_ = true;
}

void MemoryChart::clearLiveRun() { hasLive_ = false; }

std::vector<const bench::MemoryModeRun*> MemoryChart::shown() const {
  std::vector<const bench::MemoryModeRun*> all;
  for (const auto& run : runs_) all.push_back(&run);
  if (hasLive_) all.push_back(&live_);
  return all;
}

bool MemoryChart::isUnbounded(const bench::MemoryModeRun* run) const {
  if (hasLive_ && run == &live_) return runs_.size() >= unboundedFrom_;
  return !runs_.empty() && run >= runs_.data() && static_cast<std::size_t>(run - runs_.data()) >= unboundedFrom_;
}

QString MemoryChart::runName(const bench::MemoryModeRun* run) const {
  const QString mode = QString::fromUtf8(to_string(run->mode));
  if (!isUnbounded(run)) return mode;
  return QCoreApplication::translate("poolscope::memory::MemoryChart", "%1, unbounded").arg(mode);
}

QColor MemoryChart::modeColor(Mode mode) const { return theme_.taskColor(static_cast<std::uint64_t>(mode)); }

QString MemoryChart::caption() const {
  QString text = QCoreApplication::translate("poolscope::memory::MemoryChart",
                                             "%1 records of %2 bytes lower-cased, %3 workers, chunksize %4")
                     .arg(grouped(options_.records), grouped(options_.record_bytes))
                     .arg(workers_)
                     .arg(options_.chunksize);
  if (options_.window > 0) {
    text += QCoreApplication::translate("poolscope::memory::MemoryChart",
                                        "; imap bounded to %1 in flight (CPython's imap has no such bound)")
                .arg(grouped(options_.window));
    if (unboundedFrom_ != static_cast<std::size_t>(-1)) {
      text += QCoreApplication::translate("poolscope::memory::MemoryChart",
                                          "; dashed: the same imap unbounded, as CPython runs it");
    }
  } else {
    text += QCoreApplication::translate("poolscope::memory::MemoryChart",
                                        "; imap reads ahead as far as the pool's buffer allows, as CPython's does");
  }
  return text;
}

QString MemoryChart::summaryLine(const bench::MemoryModeRun& run) {
  return QStringLiteral("%1: peak RSS %2 MiB, peak results held %3, wall %4 s")
      .arg(QString::fromUtf8(to_string(run.mode)))
      .arg(run.peak_rss_mib, 0, 'f', 1)
      .arg(run.peak_held)
      .arg(run.wall_s, 0, 'f', 2);
}

void MemoryChart::paint(QPainter& painter, const QRectF& area) const {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(area, theme_.background);
  const double pad = std::max(10.0, std::min(area.width(), area.height()) * 0.02);
  double y = area.top() + pad;
  const double left = area.left() + pad;
  const double width = area.width() - 2 * pad;

  // Title on one line (smaller if the area is narrow), caption wrapped: both stay whole at 1280x720.
  QFont titleFont = theme_.titleFont;
  const QString title =
      QCoreApplication::translate("poolscope::memory::MemoryChart",
                                  "The caller's memory: map holds every result, imap and imap_unordered hand them on");
  while (QFontMetricsF(titleFont).horizontalAdvance(title) > width && titleFont.pixelSize() > 12) {
    titleFont.setPixelSize(titleFont.pixelSize() - 1);
  }
  painter.setFont(titleFont);
  painter.setPen(theme_.text);
  const double titleHeight = QFontMetricsF(titleFont).height();
  painter.drawText(QRectF(left, y, width, titleHeight), Qt::AlignLeft | Qt::AlignVCenter, title);
  y += titleHeight;
  painter.setFont(theme_.labelFont);
  painter.setPen(theme_.mutedText);
  const double labelHeight = QFontMetricsF(theme_.labelFont).height();
  const QRectF captionBox =
      QFontMetricsF(theme_.labelFont)
          .boundingRect(QRectF(left, y, width, 4 * labelHeight), Qt::AlignLeft | Qt::TextWordWrap, caption());
  painter.drawText(QRectF(left, y, width, captionBox.height()), Qt::AlignLeft | Qt::TextWordWrap, caption());
  y += captionBox.height() + labelHeight * 0.3;

  // One legend row per mode: its colour and its figures (the CLI's line).
  painter.setFont(theme_.labelFont);
  for (const auto* run : shown()) {
    const double swatch = labelHeight * 0.6;
    const QRectF swatchBox(left, y + (labelHeight - swatch) / 2, swatch * 2, swatch);
    if (isUnbounded(run)) {  // dashed, as its curve is
      painter.setPen(QPen(modeColor(run->mode), 3, Qt::DashLine));
      painter.drawLine(QPointF(swatchBox.left(), swatchBox.center().y()),
                       QPointF(swatchBox.right(), swatchBox.center().y()));
    } else {
      painter.fillRect(swatchBox, modeColor(run->mode));
    }
    painter.setPen(theme_.text);
    // The CLI's line, in the window's language.
    QString line = QCoreApplication::translate("poolscope::memory::MemoryChart",
                                               "%1: peak RSS %2 MiB, peak results held %3, wall %4 s")
                       .arg(runName(run), QLocale().toString(run->peak_rss_mib, 'f', 1))
                       .arg(run->peak_held)
                       .arg(QLocale().toString(run->wall_s, 'f', 2));
    if (hasLive_ && run == &live_)
      line = QCoreApplication::translate("poolscope::memory::MemoryChart", "%1: running, %2 MiB now")
                 .arg(runName(run))
                 .arg(QLocale().toString(run->samples.empty() ? 0.0 : run->samples.back().rss_mib, 'f', 1));
    painter.drawText(QRectF(left + swatch * 2.6, y, width, labelHeight), Qt::AlignLeft | Qt::AlignVCenter, line);
    y += labelHeight;
  }
  y += labelHeight * 0.4;

  const double plotsHeight = area.bottom() - pad - y;
  if (plotsHeight < 60) {
    painter.restore();
    return;
  }
  const double gap = pad;
  const QRectF top(left, y, width, plotsHeight * 0.55 - gap / 2);
  const QRectF bottomLeft(left, top.bottom() + gap, (width - gap) / 2, plotsHeight * 0.45 - gap / 2);
  const QRectF bottomRight(bottomLeft.right() + gap, bottomLeft.top(), bottomLeft.width(), bottomLeft.height());
  paintPlot(painter, top, Series::rss,
            QCoreApplication::translate("poolscope::memory::MemoryChart", "Resident memory of the caller (MiB)"));
  paintPlot(painter, bottomLeft, Series::held,
            QCoreApplication::translate("poolscope::memory::MemoryChart",
                                        "Results held (read from the stream, not yet handed on)"));
  paintPlot(painter, bottomRight, Series::handed,
            QCoreApplication::translate("poolscope::memory::MemoryChart", "Results handed on"));
  painter.restore();
}

void MemoryChart::paintPlot(QPainter& painter, const QRectF& box, Series series, const QString& title) const {
  const int which = static_cast<int>(series);
  const auto runs = shown();
  double tMax = 0.1;
  double vMax = 0.0;
  for (const auto* run : runs) {
    tMax = std::max(tMax, run->wall_s);
    if (series == Series::rss) vMax = std::max(vMax, run->peak_rss_mib);
    if (series == Series::held) vMax = std::max(vMax, static_cast<double>(run->peak_held));
    for (const auto& s : run->samples) {
      tMax = std::max(tMax, s.t_s);
      vMax = std::max(vMax, seriesValue(s, which));
    }
  }
  if (series == Series::handed) vMax = std::max(vMax, static_cast<double>(options_.records));
  // Axes end at the first tick past the data, so no plot is mostly empty.
  vMax = std::max(vMax * (series == Series::rss ? 1.1 : 1.0), 1.0);
  // Counts tick at whole numbers.
  const double vStep = series == Series::rss ? chart::niceStep(vMax, 4) : std::max(1.0, chart::niceStep(vMax, 4));
  vMax = std::ceil(vMax / vStep - 1e-9) * vStep;
  const double tStep = chart::niceStep(tMax, 6);
  tMax = std::ceil(tMax * 1.02 / tStep) * tStep;

  const QFontMetricsF label(theme_.labelFont);
  const QFontMetricsF small(theme_.smallFont);
  painter.setFont(theme_.labelFont);
  painter.setPen(theme_.text);
  painter.drawText(QRectF(box.left(), box.top(), box.width(), label.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   label.elidedText(title, Qt::ElideRight, box.width()));

  double yLabelWidth = 0;
  for (double v = 0; v <= vMax + vStep / 2; v += vStep) {
    yLabelWidth = std::max(
        yLabelWidth, small.horizontalAdvance(series == Series::rss ? axisNumber(v, vStep) : grouped(std::llround(v))));
  }
  const double above = label.height() + small.height() / 2 + 2;  // the title, and room for the top tick label
  const QRectF plot(box.left() + yLabelWidth + 8, box.top() + above, box.width() - yLabelWidth - 8,
                    box.height() - above - small.height() * 2.2);
  if (plot.width() < 20 || plot.height() < 20) return;
  painter.fillRect(plot, theme_.plotBackground);
  const auto xOf = [&](double t) { return plot.left() + t / tMax * plot.width(); };
  const auto yOf = [&](double v) { return plot.bottom() - v / vMax * plot.height(); };

  painter.setFont(theme_.smallFont);
  for (double v = 0; v <= vMax + vStep / 2; v += vStep) {
    painter.setPen(QPen(theme_.grid, 1));
    painter.drawLine(QPointF(plot.left(), yOf(v)), QPointF(plot.right(), yOf(v)));
    painter.setPen(theme_.mutedText);
    const QString text = series == Series::rss ? axisNumber(v, vStep) : grouped(std::llround(v));
    painter.drawText(QRectF(box.left(), yOf(v) - small.height() / 2, yLabelWidth, small.height()),
                     Qt::AlignRight | Qt::AlignVCenter, text);
  }
  for (double t = 0; t <= tMax + tStep / 2; t += tStep) {
    painter.setPen(QPen(theme_.grid, 1));
    painter.drawLine(QPointF(xOf(t), plot.top()), QPointF(xOf(t), plot.bottom()));
    painter.setPen(theme_.mutedText);
    painter.drawText(QRectF(xOf(t) - 40, plot.bottom() + 2, 80, small.height()), Qt::AlignCenter, axisNumber(t, tStep));
  }
  painter.drawText(QRectF(plot.left(), plot.bottom() + small.height(), plot.width(), small.height() * 1.2),
                   Qt::AlignCenter,
                   QCoreApplication::translate("poolscope::memory::MemoryChart", "seconds since the pool started"));
  painter.setPen(QPen(theme_.axis, 1));
  painter.drawLine(plot.bottomLeft(), plot.bottomRight());
  painter.drawLine(plot.bottomLeft(), plot.topLeft());

  painter.save();
  painter.setClipRect(plot.adjusted(-4, -4, 4, 4));
  for (const auto* run : runs) {
    if (run->samples.empty()) continue;
    QPainterPath path;
    path.moveTo(xOf(run->samples.front().t_s), yOf(seriesValue(run->samples.front(), which)));
    for (const auto& s : run->samples) path.lineTo(xOf(s.t_s), yOf(seriesValue(s, which)));
    painter.setPen(QPen(modeColor(run->mode), 3, isUnbounded(run) ? Qt::DashLine : Qt::SolidLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(path);
  }
  painter.restore();
  if (series != Series::rss) return;
  if (runs.empty()) {  // before the first run: say what will appear here
    painter.setFont(theme_.labelFont);
    painter.setPen(theme_.mutedText);
    painter.drawText(plot.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
                     QCoreApplication::translate("poolscope::memory::MemoryChart",
                                                 "Press Run: each mode lower-cases the texts in a process of its "
                                                 "own, and that process's memory is drawn here as it runs."));
    return;
  }
  // Wall time: a dot where each finished mode's curve ends, labelled on the memory plot.
  painter.setFont(theme_.smallFont);
  std::vector<QRectF> used;  // labels of modes that end close together are stacked, not overlapped
  for (const auto* run : runs) {
    if (run->samples.empty() || (hasLive_ && run == &live_)) continue;
    const QPointF end(xOf(run->wall_s), yOf(run->samples.back().rss_mib));
    painter.setPen(Qt::NoPen);
    painter.setBrush(modeColor(run->mode));
    painter.drawEllipse(end, 6, 6);
    painter.setPen(theme_.text);
    const QString text = QCoreApplication::translate("poolscope::memory::MemoryChart", "%1 done at %2 s")
                             .arg(runName(run))
                             .arg(run->wall_s, 0, 'f', 2);
    const double w = small.horizontalAdvance(text);
    const double x = std::min(end.x() + 8, plot.right() - w);
    QRectF spot(x, std::max(plot.top(), end.y() - small.height() - 4), w + 2, small.height());
    while (std::any_of(used.begin(), used.end(), [&](const QRectF& r) { return r.intersects(spot); }) &&
           spot.top() - small.height() >= plot.top()) {
      spot.translate(0, -small.height());
    }
    used.push_back(spot);
    painter.drawText(spot, Qt::AlignLeft | Qt::AlignVCenter, text);
  }
}

}  // namespace poolscope::memory
