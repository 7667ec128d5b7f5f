// The list of tasks a run is made of: one row per task with its input, a duration slider and a typed duration,
// and (for the crash / raise workloads) which task fails. The values are read back into a scenario.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <QWidget>

class QButtonGroup;
class QDoubleSpinBox;
class QLabel;
class QRadioButton;
class QSlider;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace poolscope::gui {

class TaskListEditor : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxTasks = 100;
  static constexpr double kMaxSeconds = 10.0;
  static constexpr int kSliderSteps = 100;  // 0.1 s per step

  explicit TaskListEditor(QWidget* parent = nullptr);

  // Replaces every row. Lists longer than kMaxTasks are cut; durations are clamped to 0..kMaxSeconds.
  void setTasks(const std::vector<std::int64_t>& inputs, const std::vector<double>& durations);
  std::vector<std::int64_t> inputs() const;
  std::vector<double> durations() const;
  int count() const { return static_cast<int>(rows_.size()); }

  // Appends a task after the last one (next input; the last duration, or 1 s when that is 0); false when the
  // list is full.
  bool addTask();
  // Removes the given row (the last one when row < 0); the list keeps at least one task.
  bool removeTask(int row = -1);

  QSlider* durationSlider(int row) const;
  QSpinBox* inputBox(int row) const;
  // The typed duration beside the slider (seconds, 0.01 s steps).
  QDoubleSpinBox* durationBox(int row) const;

  // With the crash / raise workloads one task fails: each row shows a button to choose it.
  void setFailSelectable(bool on);
  bool failSelectable() const { return failSelectable_; }
  // The index of the task chosen to fail (the first one unless another was chosen).
  std::size_t failTask() const;
  void setFailTask(std::size_t index);
  QRadioButton* failButton(int row) const;

 signals:
  void changed();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Row {
    QWidget* widget = nullptr;
    QLabel* number = nullptr;
    QSpinBox* input = nullptr;
    QRadioButton* fail = nullptr;
    QSlider* slider = nullptr;
    QDoubleSpinBox* value = nullptr;
    QToolButton* remove = nullptr;
    double seconds = 0.0;  // exact value: a preset's 0.25 s survives until the slider is moved
  };

  void retranslate();
  void retranslateRow(Row& row);
  void appendRow(std::int64_t input, double seconds);
  void renumber();
  void updateButtons();
  void setSeconds(Row& row, double seconds, bool fromSlider);

  QLabel* taskTitle_ = nullptr;
  QLabel* failTitle_ = nullptr;  // over the column of "this task fails" buttons, shown with them
  QLabel* inputTitle_ = nullptr;
  QLabel* durationTitle_ = nullptr;
  QVBoxLayout* rowsLayout_ = nullptr;
  QToolButton* addButton_ = nullptr;
  QToolButton* removeButton_ = nullptr;
  QButtonGroup* failGroup_ = nullptr;
  bool failSelectable_ = false;
  std::vector<Row> rows_;
};

}  // namespace poolscope::gui
