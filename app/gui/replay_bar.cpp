// ReplayBar: its own timer moves the chart's scrub cursor at the chosen speed; dragging the slider or the chart
// moves it by hand and pauses the replay.
#include "gui/replay_bar.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include "chart/chart_area.hpp"
#include "chart/chart_scene.hpp"
#include "gui/run_controller.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope::gui {

QString secondsLabel(double seconds) { return QStringLiteral("%1 s").arg(QLocale().toString(seconds, 'f', 2)); }

ReplayBar::ReplayBar(chart::ChartArea* area, QWidget* parent) : QWidget(parent), area_(area) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(8, 4, 8, 4);
  button_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), QString());
  button_->setFocusPolicy(Qt::TabFocus);
  speed_ = new QComboBox;
  for (double speed : {0.25, 0.5, 1.0}) speed_->addItem(QString(), speed);
  speed_->setCurrentIndex(1);
  slider_ = new QSlider(Qt::Horizontal);
  slider_->setRange(0, kSteps);
  slider_->setValue(kSteps);
  label_ = new QLabel;
  label_->setMinimumWidth(120);
  label_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  previous_ = new QToolButton;
  previous_->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
  next_ = new QToolButton;
  next_->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
  for (QToolButton* b : {previous_, next_}) b->setFocusPolicy(Qt::TabFocus);
  event_ = new QLabel;
  event_->setTextFormat(Qt::PlainText);
  event_->setMinimumWidth(0);
  row->addWidget(button_);
  row->addWidget(speed_);
  row->addWidget(previous_);
  row->addWidget(next_);
  row->addWidget(slider_, 1);
  row->addWidget(event_);
  row->addWidget(label_);
  connect(previous_, &QToolButton::clicked, this, [this] { step(-1); });
  connect(next_, &QToolButton::clicked, this, [this] { step(+1); });

  timer_.setInterval(RunController::kTickMs);
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &ReplayBar::onTick);
  connect(button_, &QPushButton::clicked, this, [this] {
    if (timer_.isActive()) {
      stop();
    } else {
      start();
    }
  });
  connect(slider_, &QSlider::sliderMoved, this, [this](int position) {
    stop();
    const double t = area_->durationSeconds() * position / kSteps;
    area_->setScrubCursor(position >= kSteps ? std::nullopt : std::optional<double>(t));
    label_->setText(secondsLabel(t));
  });
  connect(area_, &chart::ChartArea::cursorDragged, this, [this](double t) {
    stop();
    showCursorAt(t);
    showEventText(QString());
  });
  connect(area_, &chart::ChartArea::cursorCleared, this, [this] {
    stop();
    showEventText(QString());
    resetRange();
  });
  retranslate();
}

void ReplayBar::retranslate() {
  button_->setText(timer_.isActive() ? tr("Pause") : tr("Replay"));
  button_->setToolTip(tr("Replay the finished runs slowly, all panels in step"));
  previous_->setToolTip(tr("Step back to the previous event: a task's start, finish or hand-over (,)"));
  next_->setToolTip(tr("Step to the next event: a task's start, finish or hand-over (.)"));
  for (int i = 0; i < speed_->count(); ++i) {
    speed_->setItemText(i, QStringLiteral("%1\u00d7").arg(QLocale().toString(speed_->itemData(i).toDouble())));
  }
  resetRange();
}

void ReplayBar::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ReplayBar::setAvailable(bool available) {
  button_->setEnabled(available);
  slider_->setEnabled(available);
  previous_->setEnabled(available);
  next_->setEnabled(available);
}

void ReplayBar::step(int direction) {
  if (!button_->isEnabled()) return;
  stop();
  const auto t = area_->stepEvent(direction);
  if (t) {
    showCursorAt(*t);
    showEventText(area_->scene()->cursorEventText());
  }
}

void ReplayBar::showEventText(const QString& text) {
  event_->setToolTip(text);
  // The time is in the label beside it; the event label says what happens.
  QString what = text;
  if (const qsizetype colon = what.indexOf(QStringLiteral(": ")); colon > 0) what = what.mid(colon + 2);
  event_->setText(event_->fontMetrics().elidedText(what, Qt::ElideRight, std::max(120, width() / 3)));
}

void ReplayBar::resetRange() {
  if (timer_.isActive()) return;
  const QSignalBlocker block(slider_);
  slider_->setValue(kSteps);
  label_->setText(area_->durationSeconds() > 0 ? secondsLabel(area_->durationSeconds()) : QString());
}

void ReplayBar::showElapsed(double seconds) { label_->setText(tr("elapsed %1").arg(secondsLabel(seconds))); }

void ReplayBar::showCursorAt(double seconds) {
  const double total = std::max(area_->durationSeconds(), 1e-9);
  const QSignalBlocker block(slider_);
  slider_->setValue(static_cast<int>(std::lround(std::clamp(seconds / total, 0.0, 1.0) * kSteps)));
  label_->setText(secondsLabel(seconds));
}

void ReplayBar::start() {
  if (!button_->isEnabled() || area_->durationSeconds() <= 0) return;
  at_ = slider_->value() >= kSteps ? 0.0 : area_->durationSeconds() * slider_->value() / kSteps;
  lastNs_ = monotonic_ns();
  showEventText(QString());
  button_->setText(tr("Pause"));
  button_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
  area_->setScrubCursor(at_);
  timer_.start();
}

void ReplayBar::stop() {
  if (!timer_.isActive()) return;
  timer_.stop();
  button_->setText(tr("Replay"));
  button_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void ReplayBar::onTick() {
  const qint64 now = monotonic_ns();
  at_ += static_cast<double>(now - lastNs_) / 1e9 * speed_->currentData().toDouble();
  lastNs_ = now;
  if (at_ >= area_->durationSeconds()) {
    stop();
    area_->setScrubCursor(std::nullopt);
    resetRange();
    return;
  }
  area_->setScrubCursor(at_);
  showCursorAt(at_);
}

}  // namespace poolscope::gui
