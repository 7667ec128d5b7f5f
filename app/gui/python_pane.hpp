// The Python behind the chart: a pane beside the charts with the complete program (the same text
// `poolscope python` prints) for the settings the control panel shows, and a button that copies it.
#pragma once

#include <vector>

#include <QString>
#include <QWidget>

#include "poolscope/scenario/scenario.hpp"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace poolscope::gui {

class ControlPanel;

class PythonPane : public QWidget {
  Q_OBJECT

 public:
  explicit PythonPane(QWidget* parent = nullptr);

  // Shows the program for `scenario` run in `modes` (one after the other, as the compare view runs them).
  // An invalid scenario shows why instead of a program.
  void showScenario(const Scenario& scenario, const std::vector<Mode>& modes);
  // Shows the program for what `panel` shows, kept up to date while the pane is visible.
  void follow(const ControlPanel* panel);
  // The program shown (empty while the settings are invalid).
  QString program() const { return program_; }
  // The command line that prints the same program.
  QString command() const { return command_; }
  // Puts the program on the clipboard.
  void copy();

  // The program `poolscope python` prints for these settings, and the command that prints it.
  static QString programFor(const Scenario& scenario, const std::vector<Mode>& modes);
  static QString commandFor(const Scenario& scenario, const std::vector<Mode>& modes);

 signals:
  void copied();

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void retranslate();
  void refresh();

  QLabel* title_ = nullptr;
  QLabel* hint_ = nullptr;
  QPlainTextEdit* text_ = nullptr;
  QPushButton* copy_ = nullptr;
  const ControlPanel* panel_ = nullptr;
  QString program_;
  QString command_;
  QString problem_;
};

}  // namespace poolscope::gui
