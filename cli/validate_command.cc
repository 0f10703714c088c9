// `kubetune validate FILE`: checks a search-space JSON file and prints its normalized form.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "base/json_text.h"
#include "cli/commands.h"
#include "search/search_space.h"

namespace kubetune::cli {
namespace {

int Validate(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the file\n", path.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();

  StatusOr<search::HyperParametersConfig> config = search::ParseHyperParametersConfig(text.str());
  if (!config.ok()) {
    std::fprintf(stderr, "%s: invalid search space:\n", path.c_str());
    std::istringstream lines(config.status().message());
    for (std::string line; std::getline(lines, line);) std::fprintf(stderr, "  %s\n", line.c_str());
    return 1;
  }
  Json normalized = search::HyperParametersToConfig(config->space, config->values);
  std::printf("%s\n", DumpPythonJson(normalized, 2).c_str());
  std::optional<uint64_t> size = config->space.Cardinality();
  std::fprintf(stderr, "%s: valid search space, %zu hyperparameters, %s configurations\n",
               path.c_str(), config->space.size(),
               size.has_value() ? std::to_string(*size).c_str() : "infinitely many");
  return 0;
}

}  // namespace

void AddValidateCommand(CLI::App& app, std::function<int()>* run) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a search space (KerasTuner get_config JSON); print its normalized form");
  auto path = std::make_shared<std::string>();
  cmd->add_option("file", *path, "The JSON file to check")->required();
  cmd->callback([run, path] { *run = [path] { return Validate(*path); }; });
}

}  // namespace kubetune::cli
