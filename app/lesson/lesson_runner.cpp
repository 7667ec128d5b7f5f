// Output arrives in arbitrary chunks; lines are cut here so a half-received line is never shown.
#include "lesson/lesson_runner.hpp"

#include <QCoreApplication>

namespace poolscope::lesson {

LessonRunner::LessonRunner(QObject* parent) : QObject(parent), program_(QCoreApplication::applicationFilePath()) {}

LessonRunner::~LessonRunner() { stop(); }

void LessonRunner::setProgram(const QString& program) { program_ = program; }

bool LessonRunner::isRunning() const { return process_ != nullptr && process_->state() != QProcess::NotRunning; }

void LessonRunner::start(const QString& lessonId, double timeScale) {
  stop();
  outBuffer_.clear();
  errBuffer_.clear();
  process_ = new QProcess(this);
  QProcess* p = process_;
  connect(p, &QProcess::readyReadStandardOutput, this, [this, p] {
    if (p == process_) drain(QProcess::StandardOutput, false);
  });
  connect(p, &QProcess::readyReadStandardError, this, [this, p] {
    if (p == process_) drain(QProcess::StandardError, false);
  });
  connect(p, &QProcess::finished, this, [this, p](int exitCode, QProcess::ExitStatus status) {
    if (p != process_) return;
    drain(QProcess::StandardOutput, true);
    drain(QProcess::StandardError, true);
    emit finished(exitCode, status == QProcess::CrashExit);
  });
  connect(p, &QProcess::errorOccurred, this, [this, p](QProcess::ProcessError error) {
    if (p != process_ || error != QProcess::FailedToStart) return;
    emit errorLine(tr("Could not start %1: %2").arg(program_, p->errorString()));
    emit finished(-1, true);
  });
  p->start(program_, {QStringLiteral("lesson"), QStringLiteral("run"), lessonId, QStringLiteral("--scale"),
                      QString::number(timeScale), QStringLiteral("--events")});
}

void LessonRunner::stop() {
  if (process_ == nullptr) return;
  QProcess* p = process_;
  process_ = nullptr;  // its late signals are ignored from here on
  if (p->state() != QProcess::NotRunning) {
    p->kill();
    p->waitForFinished(2000);
  }
  p->deleteLater();
}

void LessonRunner::drain(QProcess::ProcessChannel channel, bool flush) {
  const bool isOut = channel == QProcess::StandardOutput;
  QByteArray& buffer = isOut ? outBuffer_ : errBuffer_;
  buffer += isOut ? process_->readAllStandardOutput() : process_->readAllStandardError();
  for (qsizetype nl; (nl = buffer.indexOf('\n')) >= 0;) {
    const QString line = QString::fromUtf8(buffer.left(nl));
    buffer.remove(0, nl + 1);
    if (isOut) {
      emit outputLine(line);
    } else if (auto event = parseLessonEvent(line)) {
      emit lessonEvent(*event);
    } else if (!line.isEmpty()) {
      emit errorLine(line);
    }
  }
  if (flush && !buffer.isEmpty()) {
    const QString rest = QString::fromUtf8(buffer);
    buffer.clear();
    if (isOut)
      emit outputLine(rest);
    else
      emit errorLine(rest);
  }
}

}  // namespace poolscope::lesson
