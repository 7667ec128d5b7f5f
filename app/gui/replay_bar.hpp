// The replay bar under the charts: Replay/Pause, speed and a scrub slider that replay finished runs slowly,
// all panels in step, and show the elapsed time while a run is live.
#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QToolButton;

namespace poolscope::chart {
class ChartArea;
}

namespace poolscope::gui {

class ReplayBar : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kSteps = 1000;  // slider positions per run: smooth enough, cheap to redraw

  // Drives `area`'s scrub cursor; does not own it.
  explicit ReplayBar(chart::ChartArea* area, QWidget* parent = nullptr);

  // Replay needs finished runs: off while a run is going or nothing is drawn.
  void setAvailable(bool available);
  // Back to "everything shown": slider at the end, the label the length of the longest run.
  void resetRange();
  // Shows a live run's elapsed time in the label.
  void showElapsed(double seconds);
  void start();
  void stop();
  // Steps the cursor to the previous (< 0) or next (> 0) event (a task's start, finish or hand-over) and says
  // what happens there.
  void step(int direction);
  bool isReplaying() const { return timer_.isActive(); }

  QPushButton* button() const { return button_; }
  QLabel* eventLabel() const { return event_; }
  QSlider* slider() const { return slider_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void onTick();
  void showCursorAt(double seconds);
  void showEventText(const QString& text);

  chart::ChartArea* area_;
  QPushButton* button_ = nullptr;
  QComboBox* speed_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* label_ = nullptr;
  QLabel* event_ = nullptr;  // what happens at a stepped-to event
  QToolButton* previous_ = nullptr;
  QToolButton* next_ = nullptr;
  QTimer timer_;
  double at_ = 0.0;  // seconds into the runs the cursor shows
  qint64 lastNs_ = 0;
};

// "1.25 s" (two decimals), in the interface language's number format.
QString secondsLabel(double seconds);

}  // namespace poolscope::gui
