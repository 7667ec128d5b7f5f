// Painted by hand: a few rows and bars, readable from the back of a lecture hall.
#include "lesson/lesson_timeline.hpp"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace poolscope::lesson {

namespace {

constexpr int kRowHeight = 34;
constexpr int kMinRowHeight = 14;
constexpr int kTwoLineRowHeight = 30;  // below this a row has room for the name only (the Output shows pids)
constexpr int kRowGap = 8;
constexpr int kAxisHeight = 26;
constexpr int kTop = 6;
constexpr int kLegendHeight = 24;

QColor rowColor(std::size_t row) {
  static const QColor colors[] = {QColor(0x4C, 0x78, 0xA8), QColor(0xF5, 0x85, 0x18), QColor(0x54, 0xA2, 0x4B),
                                  QColor(0xB7, 0x9A, 0x20), QColor(0x9D, 0x75, 0x5D), QColor(0xE4, 0x57, 0x56),
                                  QColor(0x72, 0xB7, 0xB2), QColor(0xB2, 0x79, 0xA2)};
  return colors[row % (sizeof colors / sizeof colors[0])];
}

// A tick step of 1, 2 or 5 times a power of ten giving about six ticks.
double tickStep(double span) {
  const double raw = span / 6.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

}  // namespace

LessonTimeline::LessonTimeline(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  clear();
}

void LessonTimeline::clear() {
  rows_.clear();
  emits_.clear();
  now_ = 0;
  running_ = true;
  Row main;
  main.name = QStringLiteral("MainProcess");
  rows_.push_back(main);
  updateGeometry();
  update();
}

LessonTimeline::Row& LessonTimeline::rowFor(int pid, const QString& name, double start, bool worker) {
  for (Row& r : rows_) {
    if (r.pid == pid && &r != &rows_.front()) return r;
  }
  Row row;
  row.pid = pid;
  row.name = name;
  row.start = start;
  row.worker = worker;
  rows_.push_back(row);
  updateGeometry();
  return rows_.back();
}

void LessonTimeline::addEvent(const LessonEvent& e) {
  switch (e.kind) {
    case LessonEvent::Kind::started:
      if (e.name == QLatin1String("MainProcess")) {
        rows_.front().pid = e.pid;  // the cell's own process
        break;
      }
      rowFor(e.pid, e.name, e.t, false).start = e.t;
      break;
    case LessonEvent::Kind::exited:
    case LessonEvent::Kind::reaped: {
      Row& row = rowFor(e.pid, e.name, e.t, false);
      if (row.end < 0) {  // the child's own "exited" is the exact time; "reaped" only for a killed one
        row.end = e.t;
        row.exitcode = e.exitcode;
      }
      break;
    }
    case LessonEvent::Kind::taskStarted:
    case LessonEvent::Kind::task: {
      Row& row = rowFor(e.pid, e.name, e.start, true);
      row.start = std::min(row.start, e.start);
      auto it = std::find_if(row.tasks.begin(), row.tasks.end(), [&](const Task& t) { return t.index == e.index; });
      if (it == row.tasks.end()) {
        row.tasks.push_back(Task{e.index, e.input, e.start, -1, false});
        it = row.tasks.end() - 1;
      }
      if (e.kind == LessonEvent::Kind::task) {
        it->finish = e.finish;
        it->failed = e.status != QLatin1String("ok");
      }
      break;
    }
    case LessonEvent::Kind::emitted: emits_.push_back(e.t); break;
  }
  now_ = std::max({now_, e.t, e.finish, e.start});
  update();
}

void LessonTimeline::setNow(double seconds) {
  now_ = std::max(now_, seconds);
  update();
}

void LessonTimeline::finish(double seconds) {
  running_ = false;
  now_ = std::max(now_, seconds);
  for (Row& r : rows_) {
    if (r.worker) {
      double last = r.start;
      for (Task& t : r.tasks) {
        if (t.finish < 0) t.finish = now_;
        last = std::max(last, t.finish);
      }
      if (r.end < 0) r.end = last;
    } else if (r.end < 0) {
      r.end = now_;
    }
  }
  update();
}

double LessonTimeline::span() const {
  double s = std::max(now_, 0.05);
  for (const Row& r : rows_) s = std::max(s, r.end);
  return s * 1.04;
}

QSize LessonTimeline::sizeHint() const {
  return {640, kTop + static_cast<int>(std::max<std::size_t>(rows_.size(), 4)) * (kRowHeight + kRowGap) + kAxisHeight +
                   kLegendHeight + 10};
}

// Rows share the height there is (a cell with seven processes on a 720-line projector): the distance from one
// row to the next, up to kRowHeight + kRowGap.
int LessonTimeline::rowPitch() const {
  const int rows = static_cast<int>(std::max<std::size_t>(rows_.size(), 1));
  const int available = height() - kTop - kAxisHeight - (emits_.empty() ? 0 : kLegendHeight);
  return std::clamp(available / rows, kMinRowHeight, kRowHeight + kRowGap);
}

QSize LessonTimeline::minimumSizeHint() const { return {240, 100}; }

void LessonTimeline::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) update();
  QWidget::changeEvent(event);
}

void LessonTimeline::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette pal = palette();
  p.fillRect(rect(), pal.color(QPalette::Base));

  QFont labelFont = font();
  QFont pidFont = font();
  pidFont.setPointSizeF(font().pointSizeF() * 0.8);
  const int pitch = rowPitch();
  const int rowH = pitch == kRowHeight + kRowGap ? kRowHeight : pitch - std::max(2, pitch / 6);
  const bool twoLines = rowH >= kTwoLineRowHeight;
  if (!twoLines) labelFont = pidFont;
  const QFontMetrics fm(labelFont);
  int labelWidth = fm.horizontalAdvance(QStringLiteral("MainProcess")) + 24;
  for (const Row& r : rows_) labelWidth = std::max(labelWidth, fm.horizontalAdvance(r.name) + 24);

  const int left = labelWidth;
  const int right = width() - 16;
  const int plotWidth = std::max(10, right - left);
  const double total = span();
  auto x = [&](double t) { return left + static_cast<int>(std::lround(t / total * plotWidth)); };
  const int rowsBottom = kTop + static_cast<int>(rows_.size()) * pitch;

  // Grid and axis.
  const double step = tickStep(total);
  p.setFont(pidFont);
  const QColor grid = pal.color(QPalette::Mid);
  for (double t = 0; t <= total + 1e-9; t += step) {
    const int gx = x(t);
    p.setPen(QPen(grid, 1, Qt::DotLine));
    p.drawLine(gx, kTop, gx, rowsBottom);
    p.setPen(pal.color(QPalette::Text));
    const QString label = tr("%1 s").arg(QLocale().toString(t, 'f', step < 0.1 ? 2 : (step < 1 ? 1 : 0)));
    p.drawText(QRect(gx - 40, rowsBottom + 4, 80, kAxisHeight - 6), Qt::AlignHCenter | Qt::AlignTop, label);
  }

  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    const int y = kTop + static_cast<int>(i) * pitch;
    // Label: name, and the pid under it.
    p.setPen(pal.color(QPalette::Text));
    p.setFont(labelFont);
    const bool hasPid = r.pid != 0 && twoLines;
    p.drawText(QRect(6, y, left - 12, hasPid ? rowH * 3 / 5 : rowH), Qt::AlignLeft | Qt::AlignVCenter, r.name);
    if (hasPid) {
      p.setFont(pidFont);
      p.setPen(pal.color(QPalette::PlaceholderText));
      p.drawText(QRect(6, y + rowH * 3 / 5 - 2, left - 12, rowH * 2 / 5 + 2), Qt::AlignLeft | Qt::AlignVCenter,
                 QStringLiteral("pid %1").arg(r.pid));
    }

    const QColor color = i == 0 ? pal.color(QPalette::Mid) : rowColor(i - 1);
    const double end = r.end >= 0 ? r.end : now_;
    const double start = i == 0 ? 0.0 : r.start;
    QRectF life(x(start), y + 4, std::max(3, x(end) - x(start)), rowH - 8);
    QColor lifeColor = color;
    lifeColor.setAlphaF(r.worker || i == 0 ? 0.22f : (r.end >= 0 ? 0.9f : 0.6f));
    QPainterPath path;
    path.addRoundedRect(life, 5, 5);
    p.fillPath(path, lifeColor);
    if (r.end >= 0 && r.exitcode != 0 && i != 0) {
      p.setPen(QPen(QColor(0xD6, 0x27, 0x28), 2));
      p.drawPath(path);
    }

    p.setFont(pidFont);
    for (const Task& t : r.tasks) {
      const double tEnd = t.finish >= 0 ? t.finish : now_;
      QRectF bar(x(t.start), y + 2, std::max(3, x(tEnd) - x(t.start)), rowH - 4);
      QPainterPath tp;
      tp.addRoundedRect(bar.adjusted(1, 0, -1, 0), 4, 4);
      QColor c = t.failed ? QColor(0xD6, 0x27, 0x28) : color;
      if (t.finish < 0) c.setAlphaF(0.65f);
      p.fillPath(tp, c);
      p.setPen(Qt::white);
      if (bar.width() > 24) p.drawText(bar, Qt::AlignCenter, t.label);
    }
  }

  // Results reaching the caller: diamonds on the main row.
  const int mainY = kTop + rowH / 2;
  const double d = std::min(9.0, rowH / 2.0);
  p.setPen(Qt::NoPen);
  p.setBrush(pal.color(QPalette::Highlight));
  for (double t : emits_) {
    const int ex = x(t);
    const QPointF diamond[] = {
        {double(ex), mainY - d}, {ex + d * 0.8, double(mainY)}, {double(ex), mainY + d}, {ex - d * 0.8, double(mainY)}};
    p.drawPolygon(diamond, 4);
  }

  if (!emits_.empty()) {
    p.setPen(pal.color(QPalette::Text));
    p.setFont(pidFont);
    p.drawText(QRect(left, rowsBottom + kAxisHeight, plotWidth, kLegendHeight), Qt::AlignRight | Qt::AlignVCenter,
               tr("◆ a result reaches the caller"));
  }

  if (rows_.size() == 1 && emits_.empty() && now_ == 0) {
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.setFont(labelFont);
    p.drawText(QRect(left, rowsBottom + kAxisHeight, plotWidth, kRowHeight * 2), Qt::AlignCenter | Qt::TextWordWrap,
               tr("Press Run: each process the cell starts gets a row here, from its start to its exit."));
  }

  // "Now" line while the cell runs.
  if (running_ && now_ > 0) {
    p.setPen(QPen(pal.color(QPalette::Highlight), 2));
    p.drawLine(x(now_), kTop, x(now_), rowsBottom);
  }
}

}  // namespace poolscope::lesson
