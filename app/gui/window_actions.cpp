// WindowActions: the hot keys a lecturer uses in class (Space run/stop, Ctrl+1..5 presets, Ctrl+E export,
// F6 the Python behind the chart, F7 legend, F9 control panel, F11 full screen, F1 how to read the chart) are bound
// here, in one place.
#include "gui/window_actions.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>

#include "gui/preset_library.hpp"
#include "i18n/language_menu.hpp"

namespace poolscope::gui {

WindowActions::WindowActions(QMainWindow* window) : QObject(window), window_(window) {
  QMenuBar* bar = window->menuBar();
  fileMenu = bar->addMenu(QString());
  openAction = fileMenu->addAction(QString());
  openAction->setShortcut(QKeySequence::Open);
  openSeveralAction = fileMenu->addAction(QString());
  openSeveralAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  besideAction = fileMenu->addAction(QString());
  besideAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
  fileMenu->addSeparator();
  pngAction = fileMenu->addAction(QString());
  pngAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  pngSizedAction = fileMenu->addAction(QString());
  svgAction = fileMenu->addAction(QString());
  pdfAction = fileMenu->addAction(QString());
  copyAction = fileMenu->addAction(QString());
  copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  captionAction = fileMenu->addAction(QString());
  captionAction->setCheckable(true);
  captionAction->setChecked(true);
  fileMenu->addSeparator();
  jsonAction = fileMenu->addAction(QString());
  csvAction = fileMenu->addAction(QString());
  exportActions = {pngAction, pngSizedAction, svgAction, pdfAction, copyAction, jsonAction, csvAction};
  fileMenu->addSeparator();
  quitAction = fileMenu->addAction(QString());
  quitAction->setShortcut(QKeySequence::Quit);

  runMenu = bar->addMenu(QString());
  runAction = runMenu->addAction(QString());
  runAction->setShortcut(QKeySequence(Qt::Key_Space));
  compareAction = runMenu->addAction(QString());
  compareAction->setCheckable(true);
  compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  runMenu->addSeparator();
  presetsMenu = runMenu->addMenu(QString());
  const QStringList names = PresetLibrary::names();
  for (int i = 0; i < names.size(); ++i) {
    QAction* action = presetsMenu->addAction(QString());
    action->setData(names[i]);
    if (i < 4) action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    if (names[i] == QLatin1String(PresetLibrary::kRandom)) action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
    presetActions.push_back(action);
  }

  viewMenu = bar->addMenu(QString());
  themeGroup = new QActionGroup(this);
  lightAction = viewMenu->addAction(QString());
  lightAction->setData(QStringLiteral("light"));
  darkAction = viewMenu->addAction(QString());
  darkAction->setData(QStringLiteral("dark"));
  for (QAction* a : {lightAction, darkAction}) {
    a->setCheckable(true);
    themeGroup->addAction(a);
  }
  presenterAction = viewMenu->addAction(QString());
  presenterAction->setCheckable(true);
  presenterAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  viewMenu->addSeparator();
  controlsAction = viewMenu->addAction(QString());
  controlsAction->setCheckable(true);
  controlsAction->setChecked(true);
  controlsAction->setShortcut(QKeySequence(Qt::Key_F9));
  tableAction = viewMenu->addAction(QString());
  tableAction->setCheckable(true);
  tableAction->setChecked(true);
  tableAction->setShortcut(QKeySequence(Qt::Key_F8));
  pythonAction = viewMenu->addAction(QString());
  pythonAction->setCheckable(true);
  pythonAction->setShortcut(QKeySequence(Qt::Key_F6));
  legendAction = viewMenu->addAction(QString());
  legendAction->setCheckable(true);
  legendAction->setShortcut(QKeySequence(Qt::Key_F7));
  fullScreenAction = viewMenu->addAction(QString());
  fullScreenAction->setCheckable(true);
  fullScreenAction->setShortcut(QKeySequence(Qt::Key_F11));
  viewMenu->addSeparator();
  viewMenu->addMenu(new i18n::LanguageMenu(window));

  helpMenu = bar->addMenu(QString());
  readChartAction = helpMenu->addAction(QString());
  readChartAction->setShortcut(QKeySequence(Qt::Key_F1));
  aboutAction = helpMenu->addAction(QString());

  // Shortcuts stay active when the menu bar is hidden in full screen.
  const QList<QAction*> all = window->findChildren<QAction*>();
  for (QAction* a : all) a->setShortcutContext(Qt::WindowShortcut);
  window->addActions(all);
}

QString WindowActions::presetOf(const QAction* action) {
  return action != nullptr ? action->data().toString() : QString();
}

void WindowActions::retranslate(bool running) {
  fileMenu->setTitle(tr("&File"));
  openAction->setText(tr("&Open trace..."));
  openSeveralAction->setText(tr("Open &several..."));
  openSeveralAction->setToolTip(tr("Open several traces and draw their runs one above the other"));
  besideAction->setText(tr("Run &beside it"));
  besideAction->setToolTip(tr("Run the opened trace's tasks live and show both"));
  pngAction->setText(tr("&Export PNG (1920×1080)..."));
  pngSizedAction->setText(tr("Export PNG at &size..."));
  svgAction->setText(tr("Export S&VG..."));
  pdfAction->setText(tr("Export P&DF..."));
  copyAction->setText(tr("&Copy chart"));
  captionAction->setText(tr("Caption on exported &images"));
  captionAction->setToolTip(tr("PNG, SVG and PDF exports carry a line with the settings that made the chart"));
  jsonAction->setText(tr("Export &trace JSON..."));
  csvAction->setText(tr("Export C&SV..."));
  quitAction->setText(tr("&Quit"));
  runMenu->setTitle(tr("&Run"));
  runAction->setText(running ? tr("&Stop") : tr("&Run"));
  compareAction->setText(tr("&Compare all three modes"));
  presetsMenu->setTitle(tr("&Presets"));
  for (QAction* a : presetActions) a->setText(PresetLibrary::title(presetOf(a)));
  viewMenu->setTitle(tr("&View"));
  lightAction->setText(tr("&Light theme"));
  darkAction->setText(tr("&Dark theme"));
  presenterAction->setText(tr("&Presenter fonts (projector)"));
  controlsAction->setText(tr("&Control panel"));
  tableAction->setText(tr("Metrics &table (when there is room)"));
  pythonAction->setText(tr("The P&ython behind the chart"));
  legendAction->setText(tr("Le&gend (also on exported images)"));
  fullScreenAction->setText(tr("&Full screen"));
  helpMenu->setTitle(tr("&Help"));
  readChartAction->setText(tr("How to &read this chart"));
  aboutAction->setText(tr("&About PoolScope"));
}

void WindowActions::update(bool running, bool canRunBeside, bool anythingShown) {
  runAction->setText(running ? tr("&Stop") : tr("&Run"));
  runAction->setIcon(window_->style()->standardIcon(running ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
  besideAction->setEnabled(!running && canRunBeside);
  compareAction->setEnabled(!running);
  for (QAction* a : presetActions) a->setEnabled(!running);
  for (QAction* a : exportActions) a->setEnabled(anythingShown);
}

}  // namespace poolscope::gui
