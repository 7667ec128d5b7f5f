// The Lesson view: walks a class through the notebook cell by cell — the notebook's Python beside our C++,
// an explanation, Run, the output as the processes print it, and a timeline of the processes.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
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

 signals:
  void runFinished(int exitCode);

 protected:
  void changeEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void fitExplanation();
  void buildUi();
  void retranslate();
  void showLesson();
  void onFinished(int exitCode, bool crashed);
  void updateButtons();
  void applyCodeColours();

  QListWidget* list_ = nullptr;
  QLabel* title_ = nullptr;
  QTextBrowser* explanation_ = nullptr;
  QLabel* pythonHeader_ = nullptr;
  QLabel* cppHeader_ = nullptr;
  QPlainTextEdit* python_ = nullptr;
  QPlainTextEdit* cpp_ = nullptr;
  CodeHighlighter* pythonColours_ = nullptr;
  CodeHighlighter* cppColours_ = nullptr;
  QPushButton* runButton_ = nullptr;
  QPushButton* stopButton_ = nullptr;
  QCheckBox* fast_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* outputHeader_ = nullptr;
  QLabel* timelineHeader_ = nullptr;
  QPlainTextEdit* output_ = nullptr;
  LessonTimeline* timeline_ = nullptr;
  LessonRunner* runner_ = nullptr;
  QTimer* tick_ = nullptr;
  QElapsedTimer clock_;
  enum class State { idle, running, finished, failed } state_ = State::idle;
  int lastExitCode_ = 0;
  double lastSeconds_ = 0;
};

}  // namespace poolscope::lesson
