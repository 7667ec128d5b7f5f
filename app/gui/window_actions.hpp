// The main window's menus and actions (File, Run, View, Help) with their hot keys and texts. It only builds
// and names them; the window connects what each one does.
#pragma once

#include <vector>

#include <QObject>

class QAction;
class QActionGroup;
class QMainWindow;
class QMenu;

namespace poolscope::gui {

class WindowActions : public QObject {
  Q_OBJECT

 public:
  // Fills `window`'s menu bar; every action is also added to the window so its shortcut works in full
  // screen, where the menu bar is hidden.
  explicit WindowActions(QMainWindow* window);

  // Texts in the interface language; the Run action says Stop while a run is going.
  void retranslate(bool running);
  // While a run is going, what would change or replace it is off; exports need something drawn.
  void update(bool running, bool canRunBeside, bool anythingShown);
  // The name of the preset `action` loads, or "" if it is not a preset action.
  static QString presetOf(const QAction* action);

  QMenu* fileMenu = nullptr;
  QMenu* runMenu = nullptr;
  QMenu* presetsMenu = nullptr;
  QMenu* viewMenu = nullptr;
  QMenu* helpMenu = nullptr;
  QAction* openAction = nullptr;
  QAction* openSeveralAction = nullptr;  // several traces side by side in the compare view
  QAction* besideAction = nullptr;
  QAction* pngAction = nullptr;
  QAction* pngSizedAction = nullptr;
  QAction* svgAction = nullptr;
  QAction* pdfAction = nullptr;
  QAction* copyAction = nullptr;
  QAction* captionAction = nullptr;  // image exports carry the settings line (on by default)
  QAction* jsonAction = nullptr;
  QAction* csvAction = nullptr;
  QAction* quitAction = nullptr;
  QAction* runAction = nullptr;
  QAction* compareAction = nullptr;
  QAction* lightAction = nullptr;
  QAction* darkAction = nullptr;
  QAction* presenterAction = nullptr;
  QAction* controlsAction = nullptr;
  QAction* tableAction = nullptr;
  QAction* pythonAction = nullptr;  // the Python behind the chart, beside it
  QAction* legendAction = nullptr;  // the legend under the chart, and in image exports
  QAction* fullScreenAction = nullptr;
  QAction* readChartAction = nullptr;  // Help: how to read this chart
  QAction* aboutAction = nullptr;
  QActionGroup* themeGroup = nullptr;
  std::vector<QAction*> presetActions;
  std::vector<QAction*> exportActions;

 private:
  QMainWindow* window_;
};

}  // namespace poolscope::gui
