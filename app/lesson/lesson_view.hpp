// The Lesson view: walks a class through the notebook cell by cell — the notebook's Python beside our C++,
// Run, the output as the processes print it, a timeline of the processes, and an explanation.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace poolscope::lesson {

class CodeHighlighter;
class LessonRunner;
class LessonTimeline;

class LessonView : public QWidget {
  Q_OBJECT

 public:
  explicit LessonView(QWidget* parent = nullptr);
  ~LessonView() override;

  // The `poolscope` executable that runs the cells (default: this application).
  void setProgram(const QString& program);

  // Selecting another cell stops a running one and clears the output and the timeline.
  void selectLesson(const QString& id);  // "in5"
  QString currentLesson() const;
  // Runs the selected cell in a child process; "Fast" runs its sleeps in a tenth of the time.
  void run();
  void stop();
  bool isRunning() const;
  void setFast(bool fast);

  QString outputText() const;
  QString titleText() const;
  LessonTimeline* timeline() const { return timeline_; }
  // The Chart tab's preset that shows this cell's pool ("in14-imap"), or empty for cells without a pool.
  static QString chartPreset(const QString& id);

 signals:
  void runFinished(int exitCode);
  // "Open in Chart": the window loads this preset into the Chart tab and shows it.
  void openInChartRequested(const QString& preset);

 protected:
  void changeEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void showEvent(QShowEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void buildUi();
  QWidget* buildCode(const QFont& mono);
  QWidget* buildResults(const QFont& mono);
  void retranslate();
  void showLesson();
  void clearRun();
  void appendOutput(const QString& line);
  void fitPanes();
  void elideTitle();
  void onFinished(int exitCode, bool crashed);
  void updateButtons();
  void applyCodeColours();

  QListWidget* list_ = nullptr;
  QLabel* title_ = nullptr;
  QString fullTitle_;
  QTextBrowser* explanation_ = nullptr;
  QLabel* cppHeader_ = nullptr;
  QTabWidget* pythonTabs_ = nullptr;  // the notebook's cell, and the same as a script
  QPlainTextEdit* python_ = nullptr;
  QPlainTextEdit* script_ = nullptr;
  QPlainTextEdit* cpp_ = nullptr;
  CodeHighlighter* pythonColours_ = nullptr;
  CodeHighlighter* scriptColours_ = nullptr;
  CodeHighlighter* cppColours_ = nullptr;
  QPushButton* runButton_ = nullptr;
  QPushButton* stopButton_ = nullptr;
  QPushButton* chartButton_ = nullptr;
  QCheckBox* fast_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* outputHeader_ = nullptr;
  QPlainTextEdit* output_ = nullptr;
  QTabWidget* side_ = nullptr;  // the explanation, and the timeline of the run
  LessonTimeline* timeline_ = nullptr;
  QSplitter* code_ = nullptr;      // Python beside C++
  QSplitter* vertical_ = nullptr;  // code above, output and timeline below
  QSplitter* results_ = nullptr;   // output beside the timeline
  int maxCodeLines_ = 0;           // of the longest cell, Python or C++: the code never needs more height
  int outputWidth_ = 0;            // wide enough for the longest line a cell prints
  bool userSized_ = false;         // the lecturer moved a splitter: keep their sizes
  LessonRunner* runner_ = nullptr;
  QTimer* tick_ = nullptr;
  QElapsedTimer clock_;
  enum class State { idle, running, finished, failed } state_ = State::idle;
  int lastExitCode_ = 0;
  double lastSeconds_ = 0;
};

}  // namespace poolscope::lesson
