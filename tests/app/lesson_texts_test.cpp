// The Lesson view's C++ pane is the cell's real source, cut to its marked region, embedded at build time.
#include "lesson/lesson_texts.hpp"

#include <gtest/gtest.h>

#include <string>

#include "poolscope/lessons/lessons.hpp"
#include "qt_app.hpp"

TEST(LessonTexts, TheCppPaneIsTheMarkedRegionOfTheCellsSource) {
  poolscope_test::qtApp();
  for (const auto& lesson : poolscope::all_lessons()) {
    const QString id = QString::fromUtf8(std::string(lesson.id).c_str());
    const auto texts = poolscope::lesson::loadLessonTexts(id, QStringLiteral("en"));
    SCOPED_TRACE(id.toStdString());
    EXPECT_TRUE(texts.cpp.contains(QStringLiteral("void main_") + id + QStringLiteral("()")))
        << texts.cpp.toStdString();
    EXPECT_FALSE(texts.cpp.contains(QStringLiteral("namespace poolscope"))) << texts.cpp.toStdString();
    EXPECT_FALSE(texts.cpp.contains(QStringLiteral("[lesson]"))) << texts.cpp.toStdString();
    EXPECT_FALSE(texts.python.isEmpty());
  }
}
