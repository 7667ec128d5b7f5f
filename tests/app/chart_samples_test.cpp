// Renders the notebook examples in every view and theme, the images a lecturer would put on a slide.
// Set POOLSCOPE_CHART_SAMPLES=DIR to keep them for a look; otherwise they go to a temporary folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <QDir>
#include <QImage>
#include <QTemporaryDir>

#include "chart/chart_benchmark.hpp"
#include "chart/chart_export.hpp"
#include "chart_test_traces.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;
using namespace poolscope::chart;

Trace one(RunTrace run) {
  Trace t;
  t.runs.push_back(std::move(run));
  return t;
}

TEST(ChartSamples, NotebookExamplesRenderInBothThemes) {
  poolscope_test::qtApp();
  QTemporaryDir temp;
  ASSERT_TRUE(temp.isValid());
  const bool keep = !qEnvironmentVariableIsEmpty("POOLSCOPE_CHART_SAMPLES");
  const std::filesystem::path dir =
      (keep ? qEnvironmentVariable("POOLSCOPE_CHART_SAMPLES") : temp.path()).toStdString();
  std::filesystem::create_directories(dir);

  poolscope_test::TraceSpec chunked = poolscope_test::spec(Mode::map, 3, 4, {}, {});
  poolscope_test::TraceSpec failing = poolscope_test::spec(Mode::imap, 3, 1, {}, {}, std::size_t{4});
  for (int i = 0; i < 24; ++i) {
    chunked.inputs.push_back(i);
    chunked.durations.push_back(0.2 + 0.05 * (i % 5));
  }
  for (int i = 0; i < 8; ++i) {
    failing.inputs.push_back(i + 1);
    failing.durations.push_back(i == 0 ? 2.0 : 0.7);
  }
  const std::vector<std::pair<std::string, Trace>> samples = {
      {"in12-map", one(poolscope_test::in12Map())},
      {"in14-imap", one(poolscope_test::in14Imap())},
      {"in15-imap-unordered", one(poolscope_test::in15ImapUnordered())},
      {"slow-first-compare", poolscope_test::slowFirstCompare()},
      {"chunked-map", one(poolscope_test::makeTrace(chunked))},
      {"failed-task", one(poolscope_test::makeTrace(failing))},
      {"ten-thousand", one(makeSyntheticTrace(10'000, 16))},
  };
  for (const auto& [name, trace] : samples) {
    for (ThemeKind theme : {ThemeKind::light, ThemeKind::dark}) {
      ExportOptions options;
      options.theme = theme;
      const auto file = dir / (name + "-" + std::string(themeName(theme)) + ".png");
      exportTrace(trace, file, options);
      QImage image(QString::fromStdString(file.string()));
      EXPECT_EQ(image.size(), QSize(1920, 1080)) << file;
    }
  }
  // A laptop window with ordinary fonts, the compare view.
  ExportOptions window;
  window.size = QSize(1100, 700);
  window.presenter = false;
  const auto small = dir / "slow-first-compare-window.png";
  exportTrace(poolscope_test::slowFirstCompare(), small, window);
  EXPECT_EQ(QImage(QString::fromStdString(small.string())).size(), QSize(1100, 700));
}

}  // namespace
