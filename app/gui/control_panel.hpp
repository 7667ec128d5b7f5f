// The left-hand panel of the main window: mode, workers, chunksize, max tasks per child, workload, the task list,
// presets, Run and Stop. It only edits a scenario; the main window decides what to do with it.
#pragma once

#include <QWidget>

#include "poolscope/scenario/scenario.hpp"

class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace poolscope::gui {

class TaskListEditor;

class ControlPanel : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxWorkers = 16;
  static constexpr int kCompareIndex = 3;  // position of "compare all three" in the mode box

  explicit ControlPanel(QWidget* parent = nullptr);

  // The scenario the controls show. In compare view its mode is the last single mode chosen.
  Scenario scenario() const;
  // Shows `scenario`; the mode box keeps "compare all three" when keepCompare is set and it is chosen.
  void setScenario(const Scenario& scenario, bool keepCompare = true);
  bool compareAll() const;
  // The workload makes one task fail (crash or raise): the task list shows which.
  bool failing() const;
  void setCompareAll(bool on);

  // While a run is going the controls that shape it are locked and Stop is enabled.
  void setRunning(bool running);
  void setStatus(const QString& text);
  // Shows which preset the tasks came from ("" = custom); editing anything turns it back to "Custom".
  void showPreset(const QString& name);
  QString presetName() const;

  QComboBox* modeBox() const { return mode_; }
  QSpinBox* workersBox() const { return workers_; }
  QSpinBox* chunksizeBox() const { return chunksize_; }
  QSpinBox* maxTasksPerChildBox() const { return maxTasks_; }
  QComboBox* workloadBox() const { return workload_; }
  QComboBox* presetBox() const { return preset_; }
  TaskListEditor* tasks() const { return tasks_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* stopButton() const { return stop_; }

 signals:
  void runRequested();
  void stopRequested();
  void presetRequested(const QString& name);
  void scenarioChanged();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QGroupBox* presetGroup_ = nullptr;
  QGroupBox* poolGroup_ = nullptr;
  QGroupBox* taskGroup_ = nullptr;
  QLabel* modeLabel_ = nullptr;
  QLabel* workersLabel_ = nullptr;
  QLabel* chunksizeLabel_ = nullptr;
  QLabel* maxTasksLabel_ = nullptr;
  QLabel* workloadLabel_ = nullptr;
  QComboBox* mode_ = nullptr;
  QSpinBox* workers_ = nullptr;
  QSpinBox* chunksize_ = nullptr;
  QSpinBox* maxTasks_ = nullptr;  // 0 = none: workers live as long as the pool, as Python's default
  QComboBox* workload_ = nullptr;
  QComboBox* preset_ = nullptr;
  TaskListEditor* tasks_ = nullptr;
  QPushButton* run_ = nullptr;
  QPushButton* stop_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* keys_ = nullptr;
  Mode lastSingleMode_ = Mode::map;
};

}  // namespace poolscope::gui
