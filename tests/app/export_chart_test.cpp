// Chart export as a user sees it: a PNG of the requested size with the task colours where the bars are, an
// SVG that parses, a PDF with the chart's page size, clear errors, and no half-written files.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include <QByteArray>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "chart/chart_benchmark.hpp"
#include "chart/chart_export.hpp"
#include "chart/chart_scene.hpp"
#include "chart/run_model.hpp"
#include "chart_test_models.hpp"
#include "chart_test_traces.hpp"
#include "poolscope/util/errors.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;
using namespace poolscope::chart;

Trace one(RunTrace run) {
  Trace t;
  t.runs.push_back(std::move(run));
  return t;
}

// Where exportTrace draws task `index` of run `panel`: the same layout, computed by a scene of that size.
QRectF barInExport(const Trace& trace, int panel, std::uint64_t index, const ExportOptions& options) {
  const auto models = poolscope_test::shownModels(trace, /*finished=*/false);
  ChartScene scene;
  scene.setTheme(ChartTheme::make(options.theme, options.presenter));
  scene.setModels(models.shown);
  scene.layoutTo(QSizeF(options.size));
  return scene.barRect(panel, index);
}

bool closeTo(QColor a, QColor b) {
  return std::abs(a.red() - b.red()) <= 6 && std::abs(a.green() - b.green()) <= 6 && std::abs(a.blue() - b.blue()) <= 6;
}

// A point inside the bar but away from its centred label.
QPointF barProbe(const QRectF& bar) { return QPointF(bar.left() + std::min(8.0, bar.width() / 4.0), bar.top() + 4.0); }

class ChartExport : public ::testing::Test {
 protected:
  void SetUp() override {
    poolscope_test::qtApp();
    ASSERT_TRUE(dir_.isValid());
  }
  std::filesystem::path file(const std::string& name) const {
    return std::filesystem::path(dir_.path().toStdString()) / name;
  }
  QTemporaryDir dir_;
};

TEST_F(ChartExport, PngHasTheRequestedSizeAndTheTaskColoursAtTheBars) {
  const Trace trace = one(poolscope_test::in12Map());
  ExportOptions options;
  const auto path = file("in12.png");
  exportTrace(trace, path, options);
  QImage image(QString::fromStdString(path.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.size(), QSize(1920, 1080));
  const ChartTheme theme = ChartTheme::make(ThemeKind::light);
  for (std::uint64_t i = 0; i < 3; ++i) {
    const QRectF bar = barInExport(trace, 0, i, options);
    ASSERT_FALSE(bar.isEmpty()) << i;
    const QPoint p = barProbe(bar).toPoint();
    EXPECT_TRUE(closeTo(image.pixelColor(p), theme.taskColor(i)))
        << "task " << i << " at " << p.x() << "," << p.y() << " is " << image.pixelColor(p).name().toStdString();
  }
  // Not blank: the background is there too, away from everything.
  EXPECT_TRUE(closeTo(image.pixelColor(3, 3), theme.background));
}

TEST_F(ChartExport, PngAtTwiceThePixelRatioKeepsTheLayout) {
  const Trace trace = one(poolscope_test::in14Imap());
  ExportOptions options;
  options.size = QSize(1280, 720);
  options.devicePixelRatio = 2.0;
  options.theme = ThemeKind::dark;
  const auto path = file("in14@2x.png");
  exportTrace(trace, path, options);
  QImage image(QString::fromStdString(path.string()));
  EXPECT_EQ(image.size(), QSize(2560, 1440));
  const ChartTheme theme = ChartTheme::make(ThemeKind::dark);
  const QRectF bar = barInExport(trace, 0, 2, options);
  const QPointF p = barProbe(bar) * 2.0;
  EXPECT_TRUE(closeTo(image.pixelColor(p.toPoint()), theme.taskColor(2)));
  EXPECT_TRUE(closeTo(image.pixelColor(4, 4), theme.background));
}

TEST_F(ChartExport, CompareViewShowsEveryPanelWithTheSameColourPerTask) {
  const Trace trace = poolscope_test::slowFirstCompare();
  ExportOptions options;
  const QImage image = renderTraceImage(trace, options);
  ASSERT_EQ(image.size(), QSize(1920, 1080));
  const ChartTheme theme = ChartTheme::make(ThemeKind::light);
  double firstLeft = -1.0;
  for (int panel = 0; panel < 3; ++panel) {
    const QRectF bar = barInExport(trace, panel, 0, options);
    ASSERT_FALSE(bar.isEmpty());
    EXPECT_TRUE(closeTo(image.pixelColor(barProbe(bar).toPoint()), theme.taskColor(0))) << panel;
    // One shared time axis: task 0 starts at t = 0 in every run, so its bars line up.
    if (firstLeft < 0) firstLeft = bar.left();
    EXPECT_NEAR(bar.left(), firstLeft, 0.5);
  }
}

TEST_F(ChartExport, SvgParsesAndHasTheChartSize) {
  const auto path = file("compare.svg");
  ExportOptions options;
  options.size = QSize(1600, 900);
  exportTrace(poolscope_test::slowFirstCompare(), path, options);
  QFile svg(QString::fromStdString(path.string()));
  ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
  const QByteArray bytes = svg.readAll();
  QXmlStreamReader xml(bytes);
  int elements = 0;
  while (!xml.atEnd()) {
    if (xml.readNext() == QXmlStreamReader::StartElement) ++elements;
  }
  EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
  EXPECT_GT(elements, 50);
  QSvgRenderer renderer(bytes);
  ASSERT_TRUE(renderer.isValid());
  EXPECT_EQ(renderer.viewBox(), QRect(0, 0, 1600, 900));
  // The metrics table is part of the drawing.
  EXPECT_TRUE(bytes.contains("Peak results held"));
}

TEST_F(ChartExport, PdfHasOnePageOfTheChartsProportions) {
  const auto path = file("in15.pdf");
  exportTrace(one(poolscope_test::in15ImapUnordered()), path, ExportOptions{});
  QFile pdf(QString::fromStdString(path.string()));
  ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
  const QByteArray bytes = pdf.readAll();
  ASSERT_TRUE(bytes.startsWith("%PDF-"));
  // 1920 x 1080 pixels at 96 dpi = 1440 x 810 points.
  const QRegularExpression media(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]"));
  const auto match = media.match(QString::fromLatin1(bytes));
  ASSERT_TRUE(match.hasMatch());
  EXPECT_NEAR(match.captured(1).toDouble(), 1440.0, 1.0);
  EXPECT_NEAR(match.captured(2).toDouble(), 810.0, 1.0);
}

TEST_F(ChartExport, BadRequestsAreInputErrorsAndLeaveNoFile) {
  const Trace trace = one(poolscope_test::in12Map());
  EXPECT_THROW(exportTrace(trace, file("chart.gif")), InputError);
  EXPECT_THROW(exportTrace(Trace{}, file("empty.png")), InputError);
  const auto missing = file("no-such-folder") / "chart.png";
  try {
    exportTrace(trace, missing);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  ExportOptions tiny;
  tiny.size = QSize(20, 20);
  EXPECT_THROW(exportTrace(trace, file("tiny.png"), tiny), InputError);
  EXPECT_FALSE(std::filesystem::exists(file("tiny.png")));
  EXPECT_FALSE(std::filesystem::exists(file("chart.gif")));
  // Nothing but what we asked for is left in the folder (no temporary files).
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path().toStdString()));
}

TEST_F(ChartExport, SizesParseOrExplainTheExpectedForm) {
  EXPECT_EQ(parseSize("1920x1080"), QSize(1920, 1080));
  EXPECT_EQ(parseSize("800X600"), QSize(800, 600));
  EXPECT_THROW(parseSize("1920"), InputError);
  EXPECT_THROW(parseSize("1920x"), InputError);
  EXPECT_THROW(parseSize("axb"), InputError);
  EXPECT_THROW(parseSize("10x10"), InputError);
  EXPECT_THROW(parseSize("-5x600"), InputError);
  EXPECT_EQ(formatFromPath("a/B.PNG"), ExportFormat::png);
  EXPECT_EQ(formatFromPath("x.svg"), ExportFormat::svg);
  EXPECT_EQ(formatFromPath("x.pdf"), ExportFormat::pdf);
}

TEST_F(ChartExport, TenThousandTasksRenderAndTheBenchmarkReportsFigures) {
  const Trace trace = one(makeSyntheticTrace(10'000, 16));
  const QImage image = renderTraceImage(trace, ExportOptions{});
  ASSERT_EQ(image.size(), QSize(1920, 1080));
  // Bars fill the Gantt rows: a pixel in the middle of the plot is not background.
  const QRectF bar = barInExport(trace, 0, 5000, ExportOptions{});
  ASSERT_FALSE(bar.isEmpty());
  EXPECT_NE(image.pixelColor(bar.center().toPoint()), ChartTheme::make(ThemeKind::light).background);

  const ChartBenchResult r = runChartBenchmark(2'000, 16, 100, 1);
  EXPECT_EQ(r.tasks, 2000u);
  EXPECT_EQ(r.batch, 100u);
  for (double v : {r.loadMs, r.renderMs, r.appendMs, r.appendFullMs}) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_GT(v, 0.0);
  }
}

}  // namespace
