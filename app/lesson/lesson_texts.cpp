// Missing files read as empty text: the view then shows an empty pane instead of failing.
#include "lesson/lesson_texts.hpp"

#include <QFile>

namespace poolscope::lesson {

namespace {
QString readResource(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(file.readAll());
}

// The cell's code without its file's includes and namespaces: what stands between the markers.
QString markedRegion(const QString& source) {
  const QString begin = QStringLiteral("// [lesson]\n");
  const qsizetype from = source.indexOf(begin);
  const qsizetype to = source.indexOf(QStringLiteral("// [/lesson]"));
  if (from < 0 || to < from) return {};
  return source.mid(from + begin.size(), to - from - begin.size());
}
}  // namespace

LessonTexts loadLessonTexts(const QString& id, const QString& language) {
  const QString base = QStringLiteral(":/lessons/") + id;
  LessonTexts texts;
  texts.python = readResource(base + QStringLiteral(".py")).trimmed();
  texts.script = readResource(base + QStringLiteral(".script.py")).trimmed();
  texts.cpp =
      markedRegion(readResource(QStringLiteral(":/lessons/source/") + id + QStringLiteral(".cpp.txt"))).trimmed();
  QString md = readResource(base + QLatin1Char('.') + language + QStringLiteral(".md"));
  if (md.isEmpty()) md = readResource(base + QStringLiteral(".en.md"));
  const qsizetype nl = md.indexOf(QLatin1Char('\n'));
  QString first = md.left(nl < 0 ? md.size() : nl).trimmed();
  if (first.startsWith(QLatin1String("# "))) {
    texts.title = first.mid(2).trimmed();
    texts.explanation = nl < 0 ? QString() : md.mid(nl + 1).trimmed();
  } else {
    texts.title = id;
    texts.explanation = md.trimmed();
  }
  return texts;
}

}  // namespace poolscope::lesson
