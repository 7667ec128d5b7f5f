// What the main window remembers between launches (QSettings): geometry, theme, the last scenario and preset,
// the folders of the last export and open. The keys live in one place so old settings keep loading.
#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

#include "poolscope/scenario/scenario.hpp"

namespace poolscope::gui {

struct WindowState {
  QByteArray geometry;  // QWidget::saveGeometry(); empty on the first launch
  QByteArray splitter;  // QSplitter::saveState()
  bool dark = false;
  bool presenter = false;
  std::optional<Scenario> scenario;  // none on the first launch, or if what was saved no longer parses
  std::optional<bool> compareAll;
  QString preset;  // "" = custom tasks
};

class WindowSettings {
 public:
  static WindowState load();
  static void save(const WindowState& state);

  // Where the file dialogs start: the folder of the last export / open ("" if none or gone).
  static QString exportFolder();
  static void setExportFolder(const QString& folder);
  static QString openFolder();
  static void setOpenFolder(const QString& folder);
};

}  // namespace poolscope::gui
