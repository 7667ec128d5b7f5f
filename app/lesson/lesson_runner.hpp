// Runs one notebook cell as a child `poolscope lesson run CELL --events` (the GUI is threaded and must
// not fork itself) and streams its output lines and timeline events as they are printed.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>

#include "lesson/lesson_event.hpp"

namespace poolscope::lesson {

class LessonRunner : public QObject {
  Q_OBJECT

 public:
  explicit LessonRunner(QObject* parent = nullptr);
  ~LessonRunner() override;

  // The `poolscope` executable to run; defaults to this application's own file.
  void setProgram(const QString& program);
  QString program() const { return program_; }

  // Starts the cell (stopping one still running). timeScale 0.1 runs its sleeps in a tenth of the time.
  void start(const QString& lessonId, double timeScale);
  // Kills the cell; its processes die with it.
  void stop();
  bool isRunning() const;

 signals:
  void outputLine(const QString& line);  // a line the cell printed (stdout)
  void errorLine(const QString& line);   // stderr that is not an event: a message worth showing
  void lessonEvent(const poolscope::lesson::LessonEvent& event);
  void finished(int exitCode, bool crashed);

 private:
  void drain(QProcess::ProcessChannel channel, bool flush);

  QString program_;
  QProcess* process_ = nullptr;
  QByteArray outBuffer_;
  QByteArray errBuffer_;
};

}  // namespace poolscope::lesson
