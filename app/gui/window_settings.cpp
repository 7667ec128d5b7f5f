// WindowSettings: the QSettings keys of the main window and their conversions. A scenario saved by an older
// version, or edited by hand, that no longer parses is dropped rather than half-restored.
#include "gui/window_settings.hpp"

#include <exception>
#include <string>
#include <string_view>

#include <QDir>
#include <QSettings>

namespace poolscope::gui {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kTheme = QStringLiteral("view/theme");
const QString kPresenter = QStringLiteral("view/presenter");
const QString kScenario = QStringLiteral("scenario/json");
const QString kCompare = QStringLiteral("scenario/compare");
const QString kPreset = QStringLiteral("scenario/preset");
const QString kExportFolder = QStringLiteral("export/folder");
const QString kOpenFolder = QStringLiteral("open/folder");

}  // namespace

WindowState WindowSettings::load() {
  QSettings settings;
  WindowState state;
  state.geometry = settings.value(kGeometry).toByteArray();
  state.splitter = settings.value(kSplitter).toByteArray();
  state.dark = settings.value(kTheme).toString() == QLatin1String("dark");
  state.presenter = settings.value(kPresenter, false).toBool();
  const QString json = settings.value(kScenario).toString();
  if (!json.isEmpty()) {
    try {
      const QByteArray bytes = json.toUtf8();
      state.scenario = parse_scenario(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    } catch (const std::exception&) {
      state.scenario.reset();
    }
  }
  if (settings.contains(kCompare)) state.compareAll = settings.value(kCompare).toBool();
  state.preset = settings.value(kPreset).toString();
  return state;
}

void WindowSettings::save(const WindowState& state) {
  QSettings settings;
  settings.setValue(kGeometry, state.geometry);
  settings.setValue(kSplitter, state.splitter);
  settings.setValue(kTheme, state.dark ? "dark" : "light");
  settings.setValue(kPresenter, state.presenter);
  settings.remove(kScenario);
  if (state.scenario) {
    try {
      settings.setValue(kScenario, QString::fromStdString(scenario_to_json(*state.scenario)));
    } catch (const std::exception&) {
      // A scenario the file format cannot hold is not remembered; the next launch starts from a preset.
    }
  }
  if (state.compareAll) settings.setValue(kCompare, *state.compareAll);
  settings.setValue(kPreset, state.preset);
}

QString WindowSettings::exportFolder() {
  const QString saved = QSettings().value(kExportFolder).toString();
  return !saved.isEmpty() && QDir(saved).exists() ? saved : QString();
}

void WindowSettings::setExportFolder(const QString& folder) { QSettings().setValue(kExportFolder, folder); }

QString WindowSettings::openFolder() {
  const QString saved = QSettings().value(kOpenFolder).toString();
  return !saved.isEmpty() && QDir(saved).exists() ? saved : QString();
}

void WindowSettings::setOpenFolder(const QString& folder) { QSettings().setValue(kOpenFolder, folder); }

}  // namespace poolscope::gui
