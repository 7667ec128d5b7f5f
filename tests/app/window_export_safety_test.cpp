// The window's exports follow the CLI's rules: CSV numbers with a decimal point whatever the user's locale,
// a full disk is an error that leaves no file, and a symbolic link under the name is replaced, never
// written through.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <QDir>

#include "app/window_test_support.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/task_list_editor.hpp"
#include "poolscope/util/errors.hpp"
#include "util/comma_locale.hpp"
#include "util/tiny_disk.hpp"

namespace {

using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

class WindowExportSafetyTest : public poolscope_test::GuiFileTest {
 protected:
  // One imap run of two short tasks, finished.
  void runTwoTasks(MainWindow& window) {
    window.controlPanel()->setCompareAll(false);
    window.controlPanel()->tasks()->setTasks({1, 2}, {0.05, 0.1});
    window.run();
    ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
    ASSERT_EQ(window.shownModels()[0]->emissionOrder().size(), 2u);
  }
};

std::string slurp(const QString& file) {
  std::ifstream in(file.toStdString(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(WindowExportSafetyTest, CsvTimesUseADecimalPointInACommaLocale) {
  poolscope::test::CommaLocaleScope locale;
  if (!locale.active()) GTEST_SKIP() << poolscope::test::CommaLocaleScope::kWhyNot;
  MainWindow window;
  window.show();
  runTwoTasks(window);
  window.exportTrace(path(QStringLiteral("run.csv")));
  std::istringstream csv(slurp(path(QStringLiteral("run.csv"))));
  std::string header, row;
  std::getline(csv, header);
  const auto columns = std::count(header.begin(), header.end(), ',');
  int rows = 0;
  while (std::getline(csv, row)) {
    ++rows;
    EXPECT_EQ(std::count(row.begin(), row.end(), ','), columns) << "a decimal comma split a column: " << row;
    EXPECT_NE(row.find("0."), std::string::npos) << row;
  }
  EXPECT_EQ(rows, 2);
}

TEST_F(WindowExportSafetyTest, AFullDiskFailsTheExportAndLeavesNoFile) {
  poolscope::test::TinyDisk disk("window");
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  MainWindow window;
  window.show();
  runTwoTasks(window);
  // Fill the disk to its last block.
  {
    std::ofstream filler(disk.file("filler"), std::ios::binary);
    const std::string block(1024, 'f');
    for (int i = 0; i < 128 && filler; ++i) filler.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  for (const char* name : {"chart.svg", "chart.pdf", "chart.png", "run.json", "run.csv"}) {
    const QString file = QString::fromStdString(disk.file(name));
    if (file.endsWith(QLatin1String(".json")) || file.endsWith(QLatin1String(".csv"))) {
      EXPECT_THROW(window.exportTrace(file), poolscope::InputError) << name;
    } else {
      EXPECT_THROW(window.exportImage(file, {1280, 720}), poolscope::InputError) << name;
    }
  }
  EXPECT_EQ(disk.entries(), std::vector<std::string>{"filler"}) << "a partial export was left on the full disk";
}

TEST_F(WindowExportSafetyTest, ExportingOntoASymlinkReplacesTheLink) {
  MainWindow window;
  window.show();
  runTwoTasks(window);
  for (const QString& name : {QStringLiteral("chart.png"), QStringLiteral("run.csv")}) {
    const std::filesystem::path target = path(QStringLiteral("target-") + name).toStdString();
    std::ofstream(target) << "keep me";
    std::filesystem::create_symlink(target, path(name).toStdString());
    if (name.endsWith(QLatin1String(".png"))) {
      window.exportImage(path(name), {640, 360});
    } else {
      window.exportTrace(path(name));
    }
    EXPECT_EQ(slurp(QString::fromStdString(target.string())), "keep me") << name.toStdString();
    EXPECT_FALSE(std::filesystem::is_symlink(std::filesystem::symlink_status(path(name).toStdString())));
  }
}

}  // namespace
