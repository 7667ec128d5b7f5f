// Entry points of the `poolscope` sub-commands; main() dispatches on argv[1].
// Each returns the process exit code: 0 ok, 2 bad usage or input, 3 a task failed.
#pragma once

#include <string>
#include <vector>

namespace poolscope::cli {

using Args = std::vector<std::string>;  // the arguments after the sub-command's name

int runCommand(const Args& args);     // poolscope run ...      (app/cli/runCommand.cpp)
int renderCommand(const Args& args);  // poolscope render ...   (app/cli/renderCommand.cpp)
int lessonCommand(const Args& args);  // poolscope lesson ...   (app/cli/lessonCommand.cpp)
int benchCommand(const Args& args);   // poolscope bench ...    (app/cli/benchCommand.cpp)
int pythonCommand(const Args& args);  // poolscope python ...   (app/cli/python_command.cpp)
int memoryCommand(const Args& args);  // poolscope memory ...   (app/cli/memory_command.cpp)
int watchCommand(const Args& args);   // poolscope watch ...    (app/cli/watch_command.cpp)

}  // namespace poolscope::cli
