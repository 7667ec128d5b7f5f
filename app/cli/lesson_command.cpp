// `poolscope lesson list | run CELL [--fast | --scale X] [--events] | show CELL [--lang en|ru]`:
// the notebook's cells, runnable from a terminal, printing what the notebook prints.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include <QFile>
#include <QString>

#include "cli/commands.hpp"
#include "lesson/lesson_texts.hpp"
#include "poolscope/lessons/lessons.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {
namespace {

constexpr const char* kUsage =
    "usage: poolscope lesson list\n"
    "       poolscope lesson run CELL [--fast | --scale X] [--events]\n"
    "       poolscope lesson show CELL [--lang en|ru]\n"
    "CELL is a notebook cell: in2, in4, in5, in7, in9, in11, in12, in14, in15.\n"
    "--fast runs time.sleep() at a tenth of the time (same as --scale 0.1);\n"
    "--events also prints process and task events on stderr (lines starting with @event).\n";

const Lesson& lessonNamed(const std::string& id) {
  const Lesson* lesson = find_lesson(id);
  if (lesson == nullptr) {
    throw InputError("unknown lesson '" + excerpt(id) + "': run `poolscope lesson list` to see the cells");
  }
  return *lesson;
}

double parseScale(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(value) || value < 0 || value > 100) {
    throw InputError("--scale wants a number between 0 and 100 (e.g. 0.1), not '" + excerpt(text) + "'");
  }
  return value;
}

std::string resourceText(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll().toStdString();
}

int list() {
  for (const Lesson& lesson : all_lessons()) {
    std::string id(lesson.id);
    id.resize(6, ' ');
    std::cout << id << lesson.title << '\n';
  }
  return 0;
}

int run(const Args& args) {
  if (args.size() < 2) throw InputError("lesson run needs a cell, e.g. `poolscope lesson run in5`");
  const Lesson& lesson = lessonNamed(args[1]);
  LessonSettings settings;
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--fast") {
      settings.time_scale = 0.1;
    } else if (args[i] == "--scale") {
      if (i + 1 >= args.size()) throw InputError("--scale needs a value, e.g. --scale 0.1");
      settings.time_scale = parseScale(args[++i]);
    } else if (args[i].starts_with("--scale=")) {
      settings.time_scale = parseScale(args[i].substr(8));
    } else if (args[i] == "--events") {
      settings.events = true;
    } else {
      throw InputError("unknown option '" + excerpt(args[i]) + "' for lesson run (see poolscope lesson --help)");
    }
  }
  run_lesson(lesson, settings);
  return 0;
}

int show(const Args& args) {
  if (args.size() < 2) throw InputError("lesson show needs a cell, e.g. `poolscope lesson show in5`");
  const Lesson& lesson = lessonNamed(args[1]);
  std::string lang = "en";
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--lang" && i + 1 < args.size()) {
      lang = args[++i];
    } else {
      throw InputError("unknown option '" + excerpt(args[i]) + "' for lesson show (see poolscope lesson --help)");
    }
  }
  if (lang != "en" && lang != "ru") throw InputError("--lang is en or ru, not '" + excerpt(lang) + "'");
  const QString id = QString::fromUtf8(lesson.id.data(), static_cast<qsizetype>(lesson.id.size()));
  const QString base = QStringLiteral(":/lessons/") + id;
  // The C++ is the cell's own source, cut to its marked region exactly as the Lesson view shows it.
  const auto texts = lesson::loadLessonTexts(id, QString::fromStdString(lang));
  std::cout << resourceText(base + "." + QString::fromStdString(lang) + ".md") << "\n--- Python (the notebook)\n"
            << resourceText(base + ".py") << "\n--- Python as a script (ours, not in the notebook)\n"
            << resourceText(base + ".script.py") << "\n--- C++\n"
            << texts.cpp.toStdString() << '\n';
  return 0;
}

}  // namespace

int lessonCommand(const Args& args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return 0;
  }
  try {
    if (args[0] == "list") return list();
    if (args[0] == "run") return run(args);
    if (args[0] == "show") return show(args);
    throw InputError("unknown lesson command '" + excerpt(args[0]) + "': use list, run or show");
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace poolscope::cli
