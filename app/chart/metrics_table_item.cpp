// MetricsTableItem: a plain striped table painted with QPainter (a QTableWidget would not appear in a
// headless SVG / PDF export of the scene).
#include "chart/metrics_table_item.hpp"

#include <array>
#include <cmath>
#include <cstdlib>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>

namespace poolscope::chart {

QString formatSeconds(double seconds) {
  if (seconds < 0.0 || !std::isfinite(seconds)) return QStringLiteral("—");
  if (seconds < 0.0005) return QStringLiteral("0 s");
  const QLocale locale;  // the interface language's: "2,50 s" in Russian
  if (seconds < 0.1) return QStringLiteral("%1 ms").arg(locale.toString(seconds * 1000.0, 'f', seconds < 0.01 ? 1 : 0));
  return QStringLiteral("%1 s").arg(locale.toString(seconds, 'f', 2));
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

void MetricsTableItem::setViews(const std::vector<MetricsView>& views) {
  views_ = views;
  update();
}

QStringList MetricsTableItem::rowCells(std::size_t row) const {
  std::size_t k = 0;
  for (std::size_t i = 0; i < models_.size(); ++i) {
    if (!models_[i]) continue;
    if (k++ != row) continue;
    const MetricsView view = i < views_.size() ? views_[i] : MetricsView{};
    const ShownMetrics shown = shownMetrics(*models_[i], nowNs_, view);
    const RunMetrics& m = shown.m;
    const QLocale locale;
    const QString hidden = hiddenFigure();
    return {models_[i]->title(),
            shown.restHidden ? hidden : formatSeconds(m.wallSeconds),
            shown.firstHidden ? hidden : formatSeconds(m.firstResultSeconds),
            shown.restHidden ? hidden : (m.emitted > 0 ? formatSeconds(m.meanWaitSeconds) : QStringLiteral("—")),
            shown.restHidden ? hidden
                             : QCoreApplication::translate("poolscope::chart::MetricsTableItem", "%1 of %2")
                                   .arg(m.peakHeld)
                                   .arg(m.tasks),
            shown.restHidden ? hidden : QStringLiteral("%1 %").arg(locale.toString(m.idlePercent, 'f', 0))};
  }
  return {};
}

void MetricsTableItem::setNowNs(std::int64_t nowNs) {
  nowNs_ = nowNs;
  update();
}

namespace {

std::array<QString, 6> headings() {
  // Fetched on every paint, not cached, so a change of language shows on the next repaint.
  return {QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Run"),
          QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Wall time"),
          QCoreApplication::translate("poolscope::chart::MetricsTableItem", "First result"),
          QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Mean wait (finish → caller)"),
          QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Peak results held"),
          QCoreApplication::translate("poolscope::chart::MetricsTableItem", "Workers idle")};
}

QFont boldOf(const QFont& font) {
  QFont bold = font;
  bold.setBold(true);
  return bold;
}

// A heading split at the space closest to its middle ("Peak results" / "held"); one line if it has none.
QStringList twoLines(const QString& text) {
  int best = -1;
  for (int i = 0; i < text.size(); ++i) {
    if (text[i] == QLatin1Char(' ') && (best < 0 || std::abs(i - text.size() / 2) < std::abs(best - text.size() / 2)))
      best = i;
  }
  if (best < 0) return {text};
  return {text.left(best), text.mid(best + 1)};
}

double widest(const QFontMetricsF& fm, const QStringList& lines) {
  double w = 0.0;
  for (const QString& line : lines) w = std::max(w, fm.horizontalAdvance(line));
  return w;
}

constexpr double kPad = 20.0;  // 10 px each side of a cell

}  // namespace

MetricsTableItem::Columns MetricsTableItem::columns(const ChartTheme& theme, double left, double width,
                                                    double firstColumn) {
  const QFontMetricsF bfm(boldOf(theme.tableFont));
  const QFontMetricsF fm(theme.tableFont);
  const auto heads = headings();
  // The figures ("12.50 s", "200 of 200", "100 %") are short; a heading is what sets a column's width.
  const double figure = fm.horizontalAdvance(QStringLiteral("000.00 ms")) + kPad;
  Columns out;
  std::array<double, 6> need{};
  for (int pass = 0; pass < 2; ++pass) {
    out.wrap = pass == 1;
    double total = 0.0;
    for (std::size_t c = 0; c < 6; ++c) {
      const double head = widest(bfm, out.wrap ? twoLines(heads[c]) : QStringList{heads[c]}) + kPad;
      need[c] = std::max(head, c == 0 ? firstColumn + kPad : figure);
      total += need[c];
    }
    if (total <= width || pass == 1) {
      // Whatever is left over widens every column alike; if nothing is, the columns share what there is.
      const double scale = total > width ? width / total : 1.0;
      const double extra = total < width ? (width - total) / 6.0 : 0.0;
      out.x.assign(7, left);
      for (std::size_t c = 0; c < 6; ++c) out.x[c + 1] = out.x[c] + need[c] * scale + extra;
      break;
    }
  }
  return out;
}

double MetricsTableItem::firstColumnWidth() const {
  const QFontMetricsF bfm(boldOf(theme_->tableFont));
  double w = 0.0;
  for (const auto& model : models_) {
    if (model) w = std::max(w, bfm.horizontalAdvance(model->title()));
  }
  return w;
}

double MetricsTableItem::heightFor(const ChartTheme& theme, std::size_t rows, double width) {
  const double rowH = std::ceil(QFontMetricsF(theme.tableFont).height() * 1.55);
  // The run titles are not known here: "imap_unordered" in bold is the widest of our own.
  const double title = QFontMetricsF(boldOf(theme.tableFont)).horizontalAdvance(QStringLiteral("imap_unordered"));
  const bool wrap = columns(theme, 0.0, width, title).wrap;
  const double headH = wrap ? std::ceil(QFontMetricsF(boldOf(theme.tableFont)).height() * 2.3) : rowH;
  return headH + rowH * static_cast<double>(rows);
}

QStringList MetricsTableItem::headingLines() const {
  const Columns cols = columns(*theme_, rect_.left(), rect_.width(), firstColumnWidth());
  QStringList out;
  for (const QString& h : headings()) out << (cols.wrap ? twoLines(h) : QStringList{h});
  return out;
}

void MetricsTableItem::paint(QPainter* p, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/) {
  if (rect_.isEmpty()) return;
  const QFontMetricsF fm(theme_->tableFont);
  const double rowH = std::ceil(fm.height() * 1.55);
  const auto heads = headings();
  const Columns cols = columns(*theme_, rect_.left(), rect_.width(), firstColumnWidth());
  const std::vector<double>& xs = cols.x;
  const QFont bold = boldOf(theme_->tableFont);
  const QFontMetricsF bfm(bold);
  const double headH = cols.wrap ? std::ceil(bfm.height() * 2.3) : rowH;

  p->save();
  p->setRenderHint(QPainter::Antialiasing, true);
  p->setRenderHint(QPainter::TextAntialiasing, true);
  p->fillRect(QRectF(rect_.left(), rect_.top(), rect_.width(), headH), theme_->tableHeader);
  p->setFont(bold);
  p->setPen(theme_->text);
  for (std::size_t c = 0; c < 6; ++c) {
    const QRectF cell(xs[c] + 10.0, rect_.top(), xs[c + 1] - xs[c] - 20.0, headH);
    const QStringList lines = cols.wrap ? twoLines(heads[c]) : QStringList{heads[c]};
    const double top = cell.center().y() - bfm.height() * static_cast<double>(lines.size()) / 2.0;
    for (int l = 0; l < lines.size(); ++l) {
      p->drawText(QRectF(cell.left(), top + bfm.height() * l, cell.width(), bfm.height()),
                  (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                  bfm.elidedText(lines[l], Qt::ElideRight, cell.width()));
    }
  }
  p->setFont(theme_->tableFont);
  double y = rect_.top() + headH;
  std::size_t row = 0;
  for (const auto& model : models_) {
    if (!model) continue;
    if (row % 2 == 1) p->fillRect(QRectF(rect_.left(), y, rect_.width(), rowH), theme_->tableStripe);
    const QStringList cells = rowCells(row);
    if (cells.size() < 6) break;
    p->setPen(theme_->text);
    for (std::size_t c = 0; c < 6; ++c) {
      const QRectF cell(xs[c] + 10.0, y, xs[c + 1] - xs[c] - 20.0, rowH);
      p->setFont(c == 0 ? bold : theme_->tableFont);
      p->drawText(cell, (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                  (c == 0 ? bfm : fm).elidedText(cells[static_cast<int>(c)], Qt::ElideRight, cell.width()));
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
