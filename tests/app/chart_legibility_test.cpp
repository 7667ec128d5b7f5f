// The chart read from the back of a lecture hall: at 1280x720 and 1366x768 every row, tick and marker label is
// drawn whole (never "…"), a 0-second task is labelled like any other, and tasks stay apart past six colours.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "chart/chart_export.hpp"
#include "chart/chart_scene.hpp"
#include "chart/chart_theme.hpp"
#include "chart/gantt_item.hpp"
#include "chart/metrics_table_item.hpp"
#include "chart/run_model.hpp"
#include "chart/time_axis_item.hpp"
#include "chart_test_models.hpp"
#include "chart_test_traces.hpp"
#include "i18n/translations.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;
using namespace poolscope::chart;

struct Drawn {
  QStringList texts;       // every <text> of the SVG, in drawing order
  QStringList axisLabels;  // what the scene's time axis says it drew
  bool compact = false;
};

Trace one(RunTrace run) {
  Trace t;
  t.runs.push_back(std::move(run));
  return t;
}

// Exports `trace` as an SVG of `size` with presenter fonts (as a slide is) and reads back its texts.
Drawn exportAndRead(const Trace& trace, QSize size, const std::filesystem::path& file) {
  ExportOptions options;
  options.size = size;
  options.presenter = true;
  exportTrace(trace, file, ExportFormat::svg, options);
  QFile svg(QString::fromStdString(file.string()));
  EXPECT_TRUE(svg.open(QIODevice::ReadOnly));
  Drawn drawn;
  QXmlStreamReader xml(&svg);
  while (!xml.atEnd()) {
    if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) {
      drawn.texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
  }
  EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
  // The same layout, computed by a scene of that size.
  const auto models = poolscope_test::shownModels(trace, /*finished=*/false);
  ChartScene scene;
  scene.setTheme(ChartTheme::make(options.theme, options.presenter));
  scene.setModels(models.shown);
  scene.layoutTo(QSizeF(size));
  drawn.axisLabels = scene.timeAxisLabels();
  drawn.compact = scene.compact();
  EXPECT_LE(scene.sceneHeight(), size.height()) << "an export must fit its size";
  return drawn;
}

int countMatching(const QStringList& texts, const QRegularExpression& re) {
  int n = 0;
  for (const QString& t : texts) n += re.match(t).hasMatch() ? 1 : 0;
  return n;
}

// "0 s", "0.5 s", ... : starts at 0, equal steps, reaches `seconds`, 3 to 10 labels.
void expectAxisFromZeroTo(const QStringList& labels, double seconds) {
  ASSERT_GE(labels.size(), 3) << labels.join(QLatin1Char('|')).toStdString();
  EXPECT_LE(labels.size(), 10) << labels.join(QLatin1Char('|')).toStdString();
  std::vector<double> values;
  for (const QString& label : labels) {
    ASSERT_TRUE(label.endsWith(QStringLiteral(" s"))) << label.toStdString();
    bool ok = false;
    values.push_back(label.chopped(2).toDouble(&ok));
    ASSERT_TRUE(ok) << label.toStdString();
  }
  EXPECT_EQ(values.front(), 0.0);
  EXPECT_GE(values.back(), seconds - 1e-9);
  for (std::size_t i = 2; i < values.size(); ++i) {
    EXPECT_NEAR(values[i] - values[i - 1], values[1] - values[0], 1e-9) << labels.join(QLatin1Char('|')).toStdString();
  }
}

class ChartLegibility : public ::testing::TestWithParam<QSize> {
 protected:
  void SetUp() override {
    poolscope_test::qtApp();
    ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("en")));
    ASSERT_TRUE(dir_.isValid());
  }
  std::filesystem::path file(const std::string& name) const {
    const QSize s = GetParam();
    return std::filesystem::path(dir_.path().toStdString()) /
           (name + "-" + std::to_string(s.width()) + "x" + std::to_string(s.height()) + ".svg");
  }
  QTemporaryDir dir_;
};

TEST_P(ChartLegibility, CompareViewLabelsEveryRowTickAndMarker) {
  const Trace trace = poolscope_test::slowFirstCompare();
  const Drawn drawn = exportAndRead(trace, GetParam(), file("slow-first"));
  ASSERT_FALSE(drawn.texts.isEmpty());

  for (const QString& text : drawn.texts) EXPECT_FALSE(text.contains(QStringLiteral("…"))) << text.toStdString();

  // Every worker row of every panel has its name: "Worker-2 (pid 5582)", "Worker-2" or "W2".
  for (int w = 1; w <= 3; ++w) {
    const QRegularExpression name(QStringLiteral("^(Worker-%1( \\(pid \\d+\\))?|W%1)$").arg(w));
    EXPECT_EQ(countMatching(drawn.texts, name), 3) << "Worker-" << w << " in each of the three panels";
  }
  // The shared time axis: round steps from 0 to the 3 s of the runs, few enough to read from the back.
  expectAxisFromZeroTo(drawn.axisLabels, 3.0);
  for (const QString& tick : drawn.axisLabels) EXPECT_TRUE(drawn.texts.contains(tick)) << tick.toStdString();

  // The caller markers say which results arrived: map hands over all six at once (2, 4, ... 12), imap five at
  // 2 s behind the slow first task and 12 at 3 s, imap_unordered 4 and 6 at 1 s. Each value once per panel
  // at least (bar labels "1 → 2" are separate texts).
  for (int result : {2, 4, 6, 8, 10, 12}) {
    EXPECT_GE(drawn.texts.count(QString::number(result)), 3) << result << " in the caller lane of every panel";
  }
}

TEST_P(ChartLegibility, In15ReadsSixFourTwoAndLabelsTheZeroSecondTask) {
  const Trace trace = one(poolscope_test::in15ImapUnordered());
  const Drawn drawn = exportAndRead(trace, GetParam(), file("in15"));
  for (const QString& text : drawn.texts) EXPECT_FALSE(text.contains(QStringLiteral("…"))) << text.toStdString();
  // Input 3 takes 0 s: its bar is a sliver, and its label sits beside it.
  for (const char* bar : {"1 → 2", "2 → 4", "3 → 6"}) EXPECT_TRUE(drawn.texts.contains(QString::fromUtf8(bar))) << bar;
  // The caller lane reads 6, 4, 2 left to right: the lesson of In[15], not the order of arrival 1, 2, 3.
  QStringList markers;
  for (const QString& t : drawn.texts) {
    if (t == QLatin1String("6") || t == QLatin1String("4") || t == QLatin1String("2")) markers << t;
  }
  EXPECT_EQ(markers, (QStringList{QStringLiteral("6"), QStringLiteral("4"), QStringLiteral("2")}));
  for (int w = 1; w <= 3; ++w) {
    const QRegularExpression name(QStringLiteral("^(Worker-%1( \\(pid \\d+\\))?|W%1)$").arg(w));
    EXPECT_EQ(countMatching(drawn.texts, name), 1) << "Worker-" << w;
  }
  expectAxisFromZeroTo(drawn.axisLabels, 2.0);
  for (const QString& tick : drawn.axisLabels) EXPECT_TRUE(drawn.texts.contains(tick)) << tick.toStdString();
  // One run fits with its metrics table, headings whole.
  for (const char* heading : {"Wall time", "First result", "Workers idle"}) {
    EXPECT_TRUE(drawn.texts.join(QLatin1Char(' ')).contains(QString::fromUtf8(heading))) << heading;
  }
}

TEST_P(ChartLegibility, RussianKeepsEveryLabelWholeAndWritesDecimalCommas) {
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("ru")));
  const Drawn drawn = exportAndRead(poolscope_test::slowFirstCompare(), GetParam(), file("slow-first-ru"));
  const Drawn in15 = exportAndRead(one(poolscope_test::in15ImapUnordered()), GetParam(), file("in15-ru"));
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("en")));
  for (const QString& text : drawn.texts + in15.texts) {
    EXPECT_FALSE(text.contains(QStringLiteral("…"))) << text.toStdString();
  }
  for (int w = 1; w <= 3; ++w) {
    const QRegularExpression name(QStringLiteral("^(Worker-%1( \\(pid \\d+\\))?|W%1)$").arg(w));
    EXPECT_EQ(countMatching(drawn.texts, name), 3) << "Worker-" << w;
  }
  for (const QString& tick : drawn.axisLabels) EXPECT_TRUE(drawn.texts.contains(tick)) << tick.toStdString();
  EXPECT_TRUE(in15.texts.contains(QStringLiteral("3 → 6")));
  // The one-run table of In[15]: wall time 2,00 s with a decimal comma, headings whole.
  EXPECT_TRUE(in15.texts.contains(QStringLiteral("2,00 s"))) << in15.texts.join(QLatin1Char('|')).toStdString();
}

INSTANTIATE_TEST_SUITE_P(ProjectorSizes, ChartLegibility, ::testing::Values(QSize(1280, 720), QSize(1366, 768)),
                         [](const ::testing::TestParamInfo<QSize>& param) {
                           return std::to_string(param.param.width()) + "x" + std::to_string(param.param.height());
                         });

TEST(ChartMarkers, StayWholeInsideTheCallerLane) {
  poolscope_test::qtApp();
  // In[15] hands 6 over at 0 s, on the plot's left edge; map hands everything over at its right edge.
  for (const RunTrace& run : {poolscope_test::in15ImapUnordered(), poolscope_test::in12Map()}) {
    RunModel model;
    model.reset(run);
    ChartScene scene;
    scene.setModels({&model});
    scene.layoutTo(QSizeF(1280, 720));
    GanttItem* gantt = nullptr;
    for (QGraphicsItem* item : scene.items()) {
      if (auto* g = dynamic_cast<GanttItem*>(item)) gantt = g;
    }
    ASSERT_NE(gantt, nullptr);
    const QRectF lane = gantt->laneRect();
    for (std::uint64_t i = 0; i < run.tasks.size(); ++i) {
      const QRectF marker = gantt->resultMarkerRect(i);
      ASSERT_FALSE(marker.isEmpty()) << "task " << i + 1;
      EXPECT_TRUE(lane.contains(marker)) << "task " << i + 1 << "'s marker is cut by the lane's edge";
    }
  }
}

TEST(ChartNumbers, FollowTheInterfaceLanguage) {
  poolscope_test::qtApp();
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("ru")));
  const QString ruSeconds = formatSeconds(2.5);
  const QString ruTick = TimeAxisItem::tickText(0.5, 1);
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("en")));
  EXPECT_EQ(ruSeconds, QStringLiteral("2,50 s"));
  EXPECT_EQ(ruTick, QStringLiteral("0,5 s"));
  EXPECT_EQ(formatSeconds(2.5), QStringLiteral("2.50 s"));
  EXPECT_EQ(TimeAxisItem::tickText(0.5, 1), QStringLiteral("0.5 s"));
}

TEST(ChartPalette, TasksStayDistinctAfterTheColoursRepeat) {
  const ChartTheme theme = ChartTheme::make(ThemeKind::light);
  std::set<std::pair<QRgb, int>> seen;
  for (std::uint64_t i = 0; i < 30; ++i) {
    const bool fresh = seen.insert({theme.taskColor(i).rgb(), static_cast<int>(ChartTheme::taskPattern(i))}).second;
    EXPECT_TRUE(fresh) << "task " << i + 1 << " looks like an earlier one";
  }
  EXPECT_EQ(theme.taskColor(0), theme.taskColor(6)) << "six colours, then they repeat";
  EXPECT_NE(ChartTheme::taskPattern(0), ChartTheme::taskPattern(6)) << "task 7 must not look like task 1";
  EXPECT_EQ(ChartTheme::taskPattern(0), Qt::NoBrush) << "the first six are plain";
}

TEST(ChartPalette, StripedTasksAreDrawnStriped) {
  poolscope_test::qtApp();
  // Task 7 (index 6) shares task 1's colour; inside its bar some pixels are not that colour.
  std::vector<std::int64_t> inputs;
  std::vector<double> durations;
  for (int i = 1; i <= 7; ++i) {
    inputs.push_back(i);
    durations.push_back(1.0);
  }
  const Trace trace = one(poolscope_test::makeTrace(poolscope_test::spec(Mode::imap, 7, 1, inputs, durations)));
  ExportOptions options;
  options.size = QSize(1280, 720);
  const QImage image = renderTraceImage(trace, options);
  std::vector<std::unique_ptr<RunModel>> keep;
  keep.push_back(std::make_unique<RunModel>());
  keep.back()->reset(trace.runs[0]);
  ChartScene scene;
  scene.setTheme(ChartTheme::make(options.theme, options.presenter));
  scene.setModels({keep.back().get()});
  scene.layoutTo(QSizeF(options.size));
  const ChartTheme theme = ChartTheme::make(ThemeKind::light);
  auto stripes = [&](std::uint64_t index) {
    const QRectF bar = scene.barRect(0, index);
    int other = 0;
    // Along the top band of the bar, left of its centred label.
    for (int x = static_cast<int>(bar.left()) + 3; x < static_cast<int>(bar.left() + bar.width() / 4); ++x) {
      for (int y = static_cast<int>(bar.top()) + 2; y < static_cast<int>(bar.top()) + 6; ++y) {
        other += image.pixelColor(x, y) != theme.taskColor(index) ? 1 : 0;
      }
    }
    return other;
  };
  EXPECT_EQ(stripes(0), 0) << "task 1 is plain";
  EXPECT_GT(stripes(6), 0) << "task 7 is striped";
}

}  // namespace
