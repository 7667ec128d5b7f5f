// The Lesson view's timeline: one row per process the cell started, from its start to its exit, with the
// pool's tasks drawn inside the worker rows and the moments results reached the caller on the main row.
#pragma once

#include <vector>

#include <QString>
#include <QWidget>

#include "lesson/lesson_event.hpp"

namespace poolscope::lesson {

class LessonTimeline : public QWidget {
  Q_OBJECT

 public:
  struct Task {
    int index = -1;
    QString label;  // the input, e.g. "5"
    double start = 0;
    double finish = -1;  // -1 while running
    bool failed = false;
  };
  struct Row {
    int pid = 0;
    QString name;  // Process-1, Test, Worker-2, MainProcess
    double start = 0;
    double end = -1;  // -1 while alive
    int exitcode = 0;
    bool worker = false;  // a pool worker: its extent is that of its tasks
    std::vector<Task> tasks;
  };

  explicit LessonTimeline(QWidget* parent = nullptr);

  void clear();
  void addEvent(const LessonEvent& event);
  // Time of the running cell (seconds since it began): bars of live processes grow to it.
  void setNow(double seconds);
  // The cell ended: whatever is still open ends at the last time seen.
  void finish(double seconds);

  // Row 0 is the main process (the cell itself), then one per process in order of appearance.
  const std::vector<Row>& rows() const { return rows_; }
  const std::vector<double>& emits() const { return emits_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  Row& rowFor(int pid, const QString& name, double start, bool worker);
  double span() const;
  int rowPitch() const;

  std::vector<Row> rows_;
  std::vector<double> emits_;
  double now_ = 0;
  bool running_ = false;
};

}  // namespace poolscope::lesson
