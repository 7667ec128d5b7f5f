// ChartArea: a QGraphicsView on a ChartScene that keeps the scene laid out to the view's size, turns mouse
// drags into the scrub cursor and drives slow replays.
#include "chart/chart_area.hpp"

#include <algorithm>

#include <QGraphicsView>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QTimer>
#include <QVBoxLayout>

#include "chart/chart_scene.hpp"
#include "chart/gantt_item.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope::chart {

ChartArea::ChartArea(QWidget* parent) : QWidget(parent) {
  scene_ = new ChartScene(this);
  view_ = new QGraphicsView(scene_, this);
  view_->setFrameShape(QFrame::NoFrame);
  view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Rows keep their labels on a small screen: when the panels cannot fit, the chart scrolls.
  view_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  view_->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  view_->setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
  view_->setOptimizationFlag(QGraphicsView::DontSavePainterState, false);
  view_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  view_->viewport()->installEventFilter(this);
  view_->setMouseTracking(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  setMinimumSize(480, 320);
  replayTimer_ = new QTimer(this);
  replayTimer_->setInterval(16);
  connect(replayTimer_, &QTimer::timeout, this, [this] {
    const double elapsed = static_cast<double>(monotonic_ns() - replayStartedNs_) / 1e9;
    const double t = replayStartSeconds_ + elapsed * replaySpeed_;
    if (t >= scene_->durationSeconds()) {
      stopReplay();
      emit replayFinished();
      return;
    }
    scene_->setScrubCursor(t);
  });
}

ChartArea::~ChartArea() = default;

void ChartArea::setModels(const std::vector<RunModel*>& models) {
  stopReplay();
  scene_->setModels(models);
}

std::vector<RunModel*> ChartArea::models() const { return scene_->models(); }

void ChartArea::setTheme(const ChartTheme& theme) {
  scene_->setTheme(theme);
  view_->setBackgroundBrush(theme.background);
}

const ChartTheme& ChartArea::theme() const { return scene_->theme(); }

void ChartArea::changeEvent(QEvent* event) {
  // Re-applying the theme fetches the panels' fixed captions again and relays out, so the label column
  // fits the new language; painted text is translated on every paint anyway.
  if (event->type() == QEvent::LanguageChange) {
    const ChartTheme theme = scene_->theme();
    scene_->setTheme(theme);
    view_->viewport()->update();
  }
  QWidget::changeEvent(event);
}

void ChartArea::setStaleNote(const QString& note) { scene_->setStaleNote(note); }

QString ChartArea::staleNote() const { return scene_->staleNote(); }

void ChartArea::setTableWanted(bool wanted) { scene_->setTableWanted(wanted); }

void ChartArea::setNowNs(std::int64_t nowNs) { scene_->setNowNs(nowNs); }

void ChartArea::setScrubCursor(std::optional<double> tSeconds) { scene_->setScrubCursor(tSeconds); }

std::optional<double> ChartArea::scrubCursor() const { return scene_->scrubCursor(); }

double ChartArea::durationSeconds() const { return scene_->durationSeconds(); }

void ChartArea::startReplay(double speed) {
  replaySpeed_ = speed > 0.0 ? speed : 0.25;
  const auto current = scene_->scrubCursor();
  replayStartSeconds_ = current && *current < scene_->durationSeconds() ? *current : 0.0;
  replayStartedNs_ = monotonic_ns();
  scene_->setScrubCursor(replayStartSeconds_);
  replayTimer_->start();
}

void ChartArea::stopReplay() {
  if (!replayTimer_->isActive()) return;
  replayTimer_->stop();
  scene_->setScrubCursor(std::nullopt);
}

bool ChartArea::replaying() const { return replayTimer_->isActive(); }

void ChartArea::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const QSize size = view_->viewport()->size();
  if (size.width() > 0 && size.height() > 0) scene_->layoutTo(QSizeF(size));
}

bool ChartArea::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_->viewport()) {
    if (event->type() == QEvent::Resize) {
      const QSize size = view_->viewport()->size();
      if (size.width() > 0 && size.height() > 0) scene_->layoutTo(QSizeF(size));
    }
    const bool press = event->type() == QEvent::MouseButtonPress;
    const bool drag = event->type() == QEvent::MouseMove;
    if (press || drag) {
      auto* mouse = static_cast<QMouseEvent*>(event);
      if (mouse->buttons() & Qt::LeftButton) {
        const QPointF pos = view_->mapToScene(mouse->position().toPoint());
        // Any panel will do: all share one time scale.
        for (QGraphicsItem* item : scene_->items()) {
          if (auto* gantt = dynamic_cast<GanttItem*>(item)) {
            const double t = std::clamp(gantt->timeAt(pos.x()), 0.0, std::max(scene_->durationSeconds(), 0.0));
            if (replayTimer_->isActive()) replayTimer_->stop();
            scene_->setScrubCursor(t);
            emit cursorDragged(t);
            return true;
          }
        }
      }
    }
    if (event->type() == QEvent::MouseButtonDblClick) {
      stopReplay();
      scene_->setScrubCursor(std::nullopt);
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace poolscope::chart
