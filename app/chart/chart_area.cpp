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
  view_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
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
  replay_timer_ = new QTimer(this);
  replay_timer_->setInterval(16);
  connect(replay_timer_, &QTimer::timeout, this, [this] {
    const double elapsed = static_cast<double>(monotonic_ns() - replay_started_ns_) / 1e9;
    const double t = replay_start_s_ + elapsed * replay_speed_;
    if (t >= scene_->duration_s()) {
      stop_replay();
      emit replay_finished();
      return;
    }
    scene_->set_cursor(t);
  });
}

ChartArea::~ChartArea() = default;

void ChartArea::set_models(const std::vector<RunModel*>& models) {
  stop_replay();
  scene_->set_models(models);
}

std::vector<RunModel*> ChartArea::models() const { return scene_->models(); }

void ChartArea::set_theme(const ChartTheme& theme) {
  scene_->set_theme(theme);
  view_->setBackgroundBrush(theme.background);
}

const ChartTheme& ChartArea::theme() const { return scene_->theme(); }

void ChartArea::changeEvent(QEvent* event) {
  // Re-applying the theme fetches the panels' fixed captions again and relays out, so the label column
  // fits the new language; painted text is translated on every paint anyway.
  if (event->type() == QEvent::LanguageChange) {
    const ChartTheme theme = scene_->theme();
    scene_->set_theme(theme);
    view_->viewport()->update();
  }
  QWidget::changeEvent(event);
}

void ChartArea::set_now_ns(std::int64_t now_ns) { scene_->set_now_ns(now_ns); }

void ChartArea::set_cursor(std::optional<double> t_s) { scene_->set_cursor(t_s); }

std::optional<double> ChartArea::cursor() const { return scene_->cursor(); }

double ChartArea::duration_s() const { return scene_->duration_s(); }

void ChartArea::start_replay(double speed) {
  replay_speed_ = speed > 0.0 ? speed : 0.25;
  const auto current = scene_->cursor();
  replay_start_s_ = current && *current < scene_->duration_s() ? *current : 0.0;
  replay_started_ns_ = monotonic_ns();
  scene_->set_cursor(replay_start_s_);
  replay_timer_->start();
}

void ChartArea::stop_replay() {
  if (!replay_timer_->isActive()) return;
  replay_timer_->stop();
  scene_->set_cursor(std::nullopt);
}

bool ChartArea::replaying() const { return replay_timer_->isActive(); }

void ChartArea::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const QSize size = view_->viewport()->size();
  if (size.width() > 0 && size.height() > 0) scene_->layout_to(QSizeF(size));
}

bool ChartArea::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_->viewport()) {
    if (event->type() == QEvent::Resize) {
      const QSize size = view_->viewport()->size();
      if (size.width() > 0 && size.height() > 0) scene_->layout_to(QSizeF(size));
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
            const double t = std::clamp(gantt->time_at(pos.x()), 0.0, std::max(scene_->duration_s(), 0.0));
            if (replay_timer_->isActive()) replay_timer_->stop();
            scene_->set_cursor(t);
            emit cursor_dragged(t);
            return true;
          }
        }
      }
    }
    if (event->type() == QEvent::MouseButtonDblClick) {
      stop_replay();
      scene_->set_cursor(std::nullopt);
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace poolscope::chart
