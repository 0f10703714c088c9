// The subcommands of the `kubetune` command-line tool.
#ifndef KUBETUNE_CLI_COMMANDS_H_
#define KUBETUNE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>

namespace kubetune::cli {

// Each adds its subcommand to `app` and sets `*run` to the function that executes it,
// returning the process exit code.
void AddValidateCommand(CLI::App& app, std::function<int()>* run);
void AddRunCommand(CLI::App& app, std::function<int()>* run);
void AddExampleGenCommand(CLI::App& app, std::function<int()>* run);

}  // namespace kubetune::cli

#endif  // KUBETUNE_CLI_COMMANDS_H_
