// Event lines come from our own `lesson run`; anything unexpected is ignored rather than shown as an error.
#include "lesson/lesson_event.hpp"

#include <QJsonDocument>
#include <QJsonObject>

#include "poolscope/lessons/lessons.hpp"

namespace poolscope::lesson {

std::optional<LessonEvent> parseLessonEvent(const QString& line) {
  const QString prefix =
      QString::fromUtf8(kLessonEventPrefix.data(), static_cast<qsizetype>(kLessonEventPrefix.size()));
  if (!line.startsWith(prefix)) return std::nullopt;
  const QJsonDocument doc = QJsonDocument::fromJson(line.mid(prefix.size()).toUtf8());
  if (!doc.isObject()) return std::nullopt;
  const QJsonObject o = doc.object();
  const QString kind = o.value(QStringLiteral("kind")).toString();
  LessonEvent e;
  if (kind == QLatin1String("started"))
    e.kind = LessonEvent::Kind::started;
  else if (kind == QLatin1String("exited"))
    e.kind = LessonEvent::Kind::exited;
  else if (kind == QLatin1String("reaped"))
    e.kind = LessonEvent::Kind::reaped;
  else if (kind == QLatin1String("task_started"))
    e.kind = LessonEvent::Kind::taskStarted;
  else if (kind == QLatin1String("task"))
    e.kind = LessonEvent::Kind::task;
  else if (kind == QLatin1String("emit"))
    e.kind = LessonEvent::Kind::emitted;
  else
    return std::nullopt;
  e.pid = o.value(QStringLiteral("pid")).toInt();
  e.name = o.value(QStringLiteral("name")).toString();
  e.t = o.value(QStringLiteral("t")).toDouble();
  e.exitcode = o.value(QStringLiteral("exitcode")).toInt();
  e.index = o.value(QStringLiteral("index")).toInt(-1);
  e.worker = o.value(QStringLiteral("worker")).toInt();
  e.input = o.value(QStringLiteral("input")).toString();
  e.result = o.value(QStringLiteral("result")).toString();
  e.status = o.value(QStringLiteral("status")).toString();
  e.start = o.value(QStringLiteral("start")).toDouble();
  e.finish = o.value(QStringLiteral("finish")).toDouble();
  return e;
}

}  // namespace poolscope::lesson
