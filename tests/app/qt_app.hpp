// The one QApplication of the app test binary, created on first use (test_app links GTest::gtest_main).
// Every test that touches widgets, fonts or charts calls poolscope_test::qtApp() first.
#pragma once

#include <QApplication>
#include <QByteArray>

namespace poolscope_test {

inline QApplication& qtApp() {
  if (QCoreApplication::instance() == nullptr) {
    // CTest sets QT_QPA_PLATFORM=offscreen; running the binary by hand should not need a display either.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", QByteArray("offscreen"));
    static int argc = 1;
    static char name[] = "test_app";
    static char* argv[] = {name, nullptr};
    // Never destroyed: it must outlive every static that holds Qt objects; the pointer keeps it reachable.
    static QApplication* app = new QApplication(argc, argv);
    return *app;
  }
  return *static_cast<QApplication*>(QCoreApplication::instance());
}

}  // namespace poolscope_test
