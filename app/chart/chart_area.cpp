// ChartArea: a QGraphicsView on a ChartScene that keeps the scene laid out to the view's size, turns mouse
// drags into the scrub cursor and drives slow replays.
#include "chart/chart_area.hpp"

#include <algorithm>
#include <cmath>

#include <QGesture>
#include <QGestureEvent>
#include <QGraphicsView>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

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
  view_->viewport()->grabGesture(Qt::PinchGesture);
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

void ChartArea::setPredictMode(bool on) { scene_->setPredictMode(on); }

bool ChartArea::predictMode() const { return scene_->predictMode(); }

bool ChartArea::revealNext() { return scene_->revealNext(); }

void ChartArea::revealAll() { scene_->revealAll(); }

std::optional<double> ChartArea::stepEvent(int direction) {
  if (replayTimer_->isActive()) replayTimer_->stop();
  const auto t = scene_->stepEvent(direction);
  if (scene_->scrubCursor()) {
    emit cursorDragged(*scene_->scrubCursor());
  } else {
    emit cursorCleared();
  }
  return t;
}

namespace {
constexpr double kZoomStep = 1.25;  // one wheel notch or key press
}  // namespace

void ChartArea::zoomIn() { scene_->zoomAboutTime((scene_->visibleFrom() + scene_->visibleTo()) / 2.0, kZoomStep); }

void ChartArea::zoomOut() {
  scene_->zoomAboutTime((scene_->visibleFrom() + scene_->visibleTo()) / 2.0, 1.0 / kZoomStep);
}

void ChartArea::resetZoom() { scene_->resetZoom(); }

bool ChartArea::zoomOrPan(QEvent* event) {
  switch (event->type()) {
    case QEvent::Wheel: {
      auto* wheel = static_cast<QWheelEvent*>(event);
      const QPointF pos = view_->mapToScene(wheel->position().toPoint());
      const QPoint delta = wheel->angleDelta();
      // Sideways (a touchpad, or Shift + wheel) pans; up / down zooms about the pointer, unless the chart is
      // taller than the window and Ctrl is not held: then the wheel scrolls it.
      const bool sideways = delta.x() != 0 || (wheel->modifiers() & Qt::ShiftModifier);
      if (sideways) {
        const int d = delta.x() != 0 ? delta.x() : delta.y();
        scene_->panByPixels(static_cast<double>(d) / 120.0 * 60.0);
        return true;
      }
      const QScrollBar* bar = view_->verticalScrollBar();
      if (bar != nullptr && bar->maximum() > 0 && !(wheel->modifiers() & Qt::ControlModifier)) return false;
      if (delta.y() == 0) return false;
      scene_->zoomAt(pos.x(), std::pow(kZoomStep, static_cast<double>(delta.y()) / 120.0));
      return true;
    }
    case QEvent::NativeGesture: {
      auto* gesture = static_cast<QNativeGestureEvent*>(event);
      if (gesture->gestureType() != Qt::ZoomNativeGesture) return false;
      const QPointF pos = view_->mapToScene(gesture->position().toPoint());
      scene_->zoomAt(pos.x(), 1.0 + gesture->value());
      return true;
    }
    case QEvent::Gesture: {
      auto* gestures = static_cast<QGestureEvent*>(event);
      auto* pinch = static_cast<QPinchGesture*>(gestures->gesture(Qt::PinchGesture));
      if (pinch == nullptr) return false;
      if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged) {
        const QPointF pos = view_->mapToScene(view_->viewport()->mapFromGlobal(pinch->centerPoint().toPoint()));
        scene_->zoomAt(pos.x(), pinch->scaleFactor());
      }
      gestures->accept(pinch);
      return true;
    }
    case QEvent::MouseButtonPress: {
      // The right or middle button, or Shift with the left, drags the time axis (the left alone scrubs).
      auto* mouse = static_cast<QMouseEvent*>(event);
      const bool pan = mouse->button() == Qt::RightButton || mouse->button() == Qt::MiddleButton ||
                       (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ShiftModifier));
      if (!pan) return false;
      panning_ = true;
      panLastX_ = mouse->position().x();
      view_->viewport()->setCursor(Qt::ClosedHandCursor);
      return true;
    }
    case QEvent::MouseMove: {
      if (!panning_) return false;
      auto* mouse = static_cast<QMouseEvent*>(event);
      scene_->panByPixels(mouse->position().x() - panLastX_);
      panLastX_ = mouse->position().x();
      return true;
    }
    case QEvent::MouseButtonRelease:
      if (!panning_) return false;
      panning_ = false;
      view_->viewport()->unsetCursor();
      return true;
    default: return false;
  }
}

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
    if (zoomOrPan(event)) return true;
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
      emit cursorCleared();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace poolscope::chart
