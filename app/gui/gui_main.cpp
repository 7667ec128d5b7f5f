#include "gui/gui_main.hpp"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QStyleFactory>

#include "gui/main_window.hpp"
#include "poolscope/pool/fork_server.hpp"

namespace poolscope::gui {

int runGui(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("PoolScope"));
  QApplication::setApplicationDisplayName(QStringLiteral("PoolScope"));
  QApplication::setOrganizationName(QStringLiteral("PoolScope"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  QApplication::setDesktopFileName(QStringLiteral("poolscope"));
  // Fusion looks the same on every desktop and takes the dark palette of the dark theme cleanly.
  if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) QApplication::setStyle(fusion);
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/poolscope.svg")));

  int code = 0;
  {
    MainWindow window;
    if (window.startMaximized()) {
      window.showMaximized();
    } else {
      window.show();
    }

    // `poolscope TRACE.json`: a file that cannot be read still opens the window, with a message saying why.
    const QStringList args = QApplication::arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
      if (!args[i].startsWith(QLatin1Char('-'))) {
        window.openTrace(QFileInfo(args[i]).absoluteFilePath());
        break;
      }
    }
    code = QApplication::exec();
  }
  // The window is gone, and its pools with it; reap the fork server too rather than leave it to init.
  ForkServer::stop();
  return code;
}

}  // namespace poolscope::gui
