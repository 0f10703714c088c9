// kubetune: validate search spaces and run tuning jobs on this machine.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Kubetune: hyperparameter tuning in KerasTuner's formats"};
  app.require_subcommand(1);
  std::function<int()> run;
  kubetune::cli::AddValidateCommand(app, &run);
  kubetune::cli::AddRunCommand(app, &run);
  kubetune::cli::AddExampleGenCommand(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return run ? run() : 2;
}
