// ChartActions: every action is also added to the window, so its key works in full screen where the menu bar
// is hidden; single-letter keys give way to a text or number box that has the focus.
#include "gui/chart_actions.hpp"

#include <QAction>
#include <QEvent>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

#include "chart/chart_area.hpp"
#include "chart/chart_scene.hpp"
#include "gui/replay_bar.hpp"

namespace poolscope::gui {

ChartActions::ChartActions(QMainWindow* window, chart::ChartArea* area, ReplayBar* replay, QMenu* before)
    : QObject(window), area_(area), replay_(replay) {
  menu = new QMenu(window);
  if (before != nullptr) {
    window->menuBar()->insertMenu(before->menuAction(), menu);
  } else {
    window->menuBar()->addMenu(menu);
  }
  predictAction = menu->addAction(QString());
  predictAction->setCheckable(true);
  predictAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
  revealNextAction = menu->addAction(QString());
  revealNextAction->setShortcuts({QKeySequence(Qt::Key_N), QKeySequence(Qt::Key_PageDown)});
  revealAllAction = menu->addAction(QString());
  revealAllAction->setShortcut(QKeySequence(Qt::Key_R));
  menu->addSeparator();
  previousEventAction = menu->addAction(QString());
  previousEventAction->setShortcut(QKeySequence(Qt::Key_Comma));
  nextEventAction = menu->addAction(QString());
  nextEventAction->setShortcut(QKeySequence(Qt::Key_Period));
  menu->addSeparator();
  zoomInAction = menu->addAction(QString());
  zoomInAction->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
  zoomOutAction = menu->addAction(QString());
  zoomOutAction->setShortcuts(QKeySequence::ZoomOut);
  resetZoomAction = menu->addAction(QString());
  resetZoomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  for (QAction* a : menu->actions()) {
    a->setShortcutContext(Qt::WindowShortcut);
    window->addAction(a);
  }

  connect(predictAction, &QAction::toggled, area_, &chart::ChartArea::setPredictMode);
  connect(revealNextAction, &QAction::triggered, area_, [this] { area_->revealNext(); });
  connect(revealAllAction, &QAction::triggered, area_, &chart::ChartArea::revealAll);
  connect(previousEventAction, &QAction::triggered, replay_, [this] { replay_->step(-1); });
  connect(nextEventAction, &QAction::triggered, replay_, [this] { replay_->step(+1); });
  connect(zoomInAction, &QAction::triggered, area_, &chart::ChartArea::zoomIn);
  connect(zoomOutAction, &QAction::triggered, area_, &chart::ChartArea::zoomOut);
  connect(resetZoomAction, &QAction::triggered, area_, &chart::ChartArea::resetZoom);
  connect(area_->scene(), &chart::ChartScene::revealChanged, this, &ChartActions::updateEnabled);
  connect(area_->scene(), &chart::ChartScene::zoomChanged, this, &ChartActions::updateEnabled);
  window->installEventFilter(this);
  retranslate();
  updateEnabled();
}

void ChartActions::retranslate() {
  menu->setTitle(tr("C&hart"));
  predictAction->setText(tr("&Predict, then reveal"));
  predictAction->setToolTip(tr("Hide the caller lane, the results and the metrics until you reveal them"));
  revealNextAction->setText(tr("Reveal the &next result"));
  revealAllAction->setText(tr("Reveal &all"));
  previousEventAction->setText(tr("Step to the p&revious event"));
  nextEventAction->setText(tr("Step to the ne&xt event"));
  zoomInAction->setText(tr("Zoom &in"));
  zoomOutAction->setText(tr("Zoom &out"));
  resetZoomAction->setText(tr("&Whole run (reset zoom)"));
}

void ChartActions::updateEnabled() {
  const bool predicting = area_->predictMode();
  revealNextAction->setEnabled(predicting);
  revealAllAction->setEnabled(predicting);
  resetZoomAction->setEnabled(area_->scene()->zoomed());
}

bool ChartActions::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  return QObject::eventFilter(watched, event);
}

}  // namespace poolscope::gui
