// The Memory view: the notebook's conclusion run live in front of the class. Sliders for N, B, workers
// and chunksize; each mode is measured by `poolscope memory --live` in a child process and drawn as it runs.
#pragma once

#include <QProcess>
#include <QString>
#include <QTimer>
#include <QWidget>

#include "poolscope/bench/memory_run.hpp"

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace poolscope::memory {

class MemoryCanvas;

class MemoryView : public QWidget {
  Q_OBJECT

 public:
  explicit MemoryView(QWidget* parent = nullptr);
  ~MemoryView() override;

  // The `poolscope` executable that measures (default: this application).
  void setProgram(const QString& program);

  bench::MemoryOptions options() const;
  std::vector<Mode> modes() const;
  void setRecords(int records);
  void setRecordBytes(int bytes);
  void setWorkers(int workers);
  void setChunksize(int chunksize);
  void setModeIndex(int index);  // 0 all, 1 map, 2 imap, 3 imap_unordered
  void setWindow(int window);    // imap's max_in_flight; 0 = unbounded

  bool isRunning() const;
  MemoryCanvas* canvas() const { return canvas_; }
  QString statusText() const;
  // One mode's figures for the status line, in the interface language ("map: peak RSS 463.8 MiB, …"; a
  // decimal comma in Russian). `name` is the run's name on the chart ("imap, unbounded").
  static QString summaryText(const bench::MemoryModeRun& run, const QString& name);
  QString costText() const;

 public slots:
  void run();
  void stop();

 signals:
  void runFinished(int exitCode);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void buildUi();
  void retranslate();
  void updateCost();
  void updateButtons();
  void readOutput();
  void onFinished(int exitCode, QProcess::ExitStatus status);
  void parseLine(const QString& line);
  // Starts `poolscope memory --live` for `mode` ("all", "map", ...) with the settings and `window`.
  void startMeasuring(const QString& mode, std::size_t window);

  QString program_;
  QProcess* process_ = nullptr;
  QTimer repaint_;  // live samples arrive at 50 Hz per mode; the chart is redrawn at most 30 times a second
  bool dirty_ = false;
  QByteArray partial_;
  QString stderr_;
  bool stopping_ = false;
  // With a bounded imap the unbounded one runs after it, so that the view shows both ("" = nothing to follow).
  QString unboundedMode_;
  bench::MemoryModeRun liveRun_;  // the mode being measured, sample by sample

  QLabel* recordsLabel_ = nullptr;
  QSlider* recordsSlider_ = nullptr;
  QSpinBox* recordsSpin_ = nullptr;
  QLabel* bytesLabel_ = nullptr;
  QSlider* bytesSlider_ = nullptr;
  QSpinBox* bytesSpin_ = nullptr;
  QLabel* workersLabel_ = nullptr;
  QSlider* workersSlider_ = nullptr;
  QSpinBox* workersSpin_ = nullptr;
  QLabel* chunkLabel_ = nullptr;
  QSlider* chunkSlider_ = nullptr;
  QSpinBox* chunkSpin_ = nullptr;
  QLabel* modeLabel_ = nullptr;
  QComboBox* modeCombo_ = nullptr;
  QLabel* windowLabel_ = nullptr;
  QSpinBox* windowSpin_ = nullptr;
  QPushButton* runButton_ = nullptr;
  QLabel* costLabel_ = nullptr;
  QLabel* noteLabel_ = nullptr;
  QLabel* statusLabel_ = nullptr;
  MemoryCanvas* canvas_ = nullptr;
};

}  // namespace poolscope::memory
