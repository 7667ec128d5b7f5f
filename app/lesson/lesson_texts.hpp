// What the Lesson view shows for a cell, read from the resources (:/lessons/in5.py, in5.script.py, in5.en.md,
// in5.ru.md,
// and the cell's own source core/src/lessons/in5.cpp): the notebook's Python, our C++, the explanation.
#pragma once

#include <QString>

namespace poolscope::lesson {

struct LessonTexts {
  QString title;        // the explanation's first line, without "# "
  QString explanation;  // Markdown, the rest of the file
  QString python;       // the notebook's cell
  QString script;       // the same as a python3 script (imports, __main__ guard): not in the notebook
  QString cpp;
};

// Falls back to English if the language has no explanation for this cell.
LessonTexts loadLessonTexts(const QString& id, const QString& language);

}  // namespace poolscope::lesson
