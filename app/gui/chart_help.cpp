// The help page is a non-modal message box: a lecturer can keep it open beside the chart while explaining.
#include "gui/chart_help.hpp"

#include <QMessageBox>

namespace poolscope::gui {

QString ChartHelp::text() {
  return tr(
      "<h3>How to read this chart</h3>"
      "<p><b>Rows.</b> One row per worker process (Worker-1, Worker-2, ...), time running left to right. "
      "The lane under them is the <b>caller</b>: the program that called map, imap or imap_unordered.</p>"
      "<p><b>Bars.</b> One bar per task, from the moment a worker started it to the moment it finished; "
      "the label says input → result. A red bar failed (an exception, or its worker was killed). "
      "With chunksize above 1 an <b>outline</b> joins the tasks that travelled to a worker together.</p>"
      "<p><b>Waiting.</b> The shading after a bar is the time its result waited, finished, before the "
      "caller got it. The <b>markers</b> in the caller lane show when each result reached the caller "
      "and which result it was; results handed over at one instant share a marker.</p>"
      "<p><b>Results held.</b> The curve counts results that are finished but not yet handed to the caller: "
      "memory the caller's side of the pool holds.</p>"
      "<p><b>What to look for.</b> map: every marker at the end, all results held until then. imap: markers "
      "in input order, so one slow early task holds back those that finished after it. imap_unordered: each "
      "marker as soon as its bar ends.</p>"
      "<p><b>Keys.</b> Space runs or stops, Ctrl+1..4 load the notebook's examples, Ctrl+M compares the "
      "three modes, F6 shows the Python program behind the chart, Ctrl+E exports a slide.</p>");
}

void ChartHelp::show(QWidget* parent) {
  auto* box = new QMessageBox(QMessageBox::NoIcon, tr("How to read this chart"), text(), QMessageBox::Close, parent);
  box->setObjectName(QStringLiteral("chartHelp"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setTextFormat(Qt::RichText);
  box->setModal(false);
  box->show();
}

}  // namespace poolscope::gui
