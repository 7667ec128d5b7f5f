#include "gui/gui_main.hpp"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QStyleFactory>

#include "gui/guarded_application.hpp"
#include "gui/main_window.hpp"
#include "poolscope/pool/fork_server.hpp"
#include "poolscope/version.hpp"

namespace poolscope::gui {

int runGui(int argc, char** argv) {
  GuardedApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("PoolScope"));
  QApplication::setApplicationDisplayName(QStringLiteral("PoolScope"));
  QApplication::setOrganizationName(QStringLiteral("PoolScope"));
  QApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION_STRING));
  // The installed menu entry's id (resources/desktop/), so the desktop matches the window to its entry and icon.
  QApplication::setDesktopFileName(QStringLiteral("io.github.poolscope.PoolScope"));
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

    // `poolscope a.json b.json`: the runs of every file, in order; a file that cannot be read still opens the
    // window, with a message naming it.
    const QStringList args = QApplication::arguments();
    QStringList files;
    for (qsizetype i = 1; i < args.size(); ++i) {
      if (!args[i].startsWith(QLatin1Char('-'))) files << QFileInfo(args[i]).absoluteFilePath();
    }
    if (!files.isEmpty()) window.openTraces(files);
    code = QApplication::exec();
  }
  // The window is gone, and its pools with it; reap the fork server too rather than leave it to init.
  ForkServer::stop();
  return code;
}

}  // namespace poolscope::gui
