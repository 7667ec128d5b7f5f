// poolscope: the GUI, or a headless sub-command (run, render, lesson, bench, python, memory, watch) when argv[1]
// names one.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "gui/gui_main.hpp"
#include "poolscope/pool/fork_server.hpp"
#include "poolscope/version.hpp"

int main(int argc, char** argv) {
  using namespace poolscope;
  if (argc >= 2) {
    const std::string command = argv[1];
    const cli::Args args(argv + 2, argv + argc);
    try {
      if (command == "run") return cli::runCommand(args);
      if (command == "render") return cli::renderCommand(args);
      if (command == "lesson") return cli::lessonCommand(args);
      if (command == "bench") return cli::benchCommand(args);
      if (command == "python") return cli::pythonCommand(args);
      if (command == "memory") return cli::memoryCommand(args);
      if (command == "watch") return cli::watchCommand(args);
      if (command == "--version" || command == "-V") {
        std::cout << "poolscope " << version << '\n';
        return 0;
      }
      if (command == "--help" || command == "-h" || command == "help") {
        std::cout << "usage: poolscope [TRACE.json ...]\n"
                     "       poolscope run [options]      (poolscope run --help)\n"
                     "       poolscope render TRACE.json [--png/--svg/--pdf FILE] [--size WxH] [--theme light|dark]\n"
                     "       poolscope lesson list | poolscope lesson run CELL\n"
                     "       poolscope bench [--json] [--stream N]\n"
                     "       poolscope python [options of run]   (poolscope python --help)\n"
                     "       poolscope memory [--records N] [--mode all] [--png FILE] [--csv FILE]   (poolscope memory "
                     "--help)\n"
                     "       poolscope watch [--png FILE] -- python3 SCRIPT.py [ARGS]   (poolscope watch --help)\n"
                     "       poolscope --version\n";
        return 0;
      }
    } catch (const std::exception& e) {
      std::cerr << "poolscope: " << e.what() << '\n';
      return 2;
    }
    if (command.starts_with("-")) {
      std::cerr << "poolscope: unknown option '" << command << "' (see poolscope --help)\n";
      return 2;
    }
    // `poolscope rn ...` is a mistyped command, not a trace to open: without this a typo opens a window
    // (or, over ssh, aborts in Qt's platform plugin). A missing *.json still goes to the GUI, which says so.
    std::error_code ec;
    if (!command.ends_with(".json") && !std::filesystem::exists(command, ec)) {
      std::cerr << "poolscope: unknown command '" << command
                << "': the commands are run, render, lesson, bench, python, memory and watch (see poolscope --help)\n";
      return 2;
    }
  }
  // Without a display Qt's default platform aborts the process; say what to do instead.
  const auto unset = [](const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr || *v == '\0';
  };
  if (unset("DISPLAY") && unset("WAYLAND_DISPLAY") && unset("QT_QPA_PLATFORM")) {
    std::cerr << "poolscope: no display to open the window on (DISPLAY is not set); draw headless with "
                 "`poolscope run ... --png FILE` or `poolscope render TRACE.json --png FILE`\n";
    return 2;
  }
  // The GUI is threaded, and fork() in a threaded process is unsafe: fork the worker factory now,
  // while this process is small and has one thread.
  ForkServer::start();
  return gui::runGui(argc, argv);
}
