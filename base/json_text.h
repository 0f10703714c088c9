// JSON text exactly as Python's json.dumps writes it.
//
// KerasTuner and TFX write their JSON with Python's json module, so files that Kubetune shares
// with them (best_hyperparameters.txt, tuner_results.json) must use the same text: ", " and ": "
// separators, non-ASCII characters escaped as \uXXXX, and floats in Python's shortest repr
// (1e-05, 0.0001, 1.0, 1e+16). Parsing a file KerasTuner wrote and writing it back with
// DumpPythonJson gives the same bytes.
#ifndef KUBETUNE_BASE_JSON_TEXT_H_
#define KUBETUNE_BASE_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubetune {

// Kubetune's JSON document type: objects keep their keys in insertion order, as Python does.
using Json = nlohmann::ordered_json;

// Writes `value` as json.dumps(value) would; with indent > 0, as json.dumps(value, indent=N).
std::string DumpPythonJson(const Json& value, int indent = 0);

// Python's repr() of a float: the shortest text that reads back as the same double.
std::string PythonFloatRepr(double value);

// Parses JSON text. Errors are kInvalidArgument with the parser's position in the message.
StatusOr<Json> ParseJson(std::string_view text);

}  // namespace kubetune

#endif  // KUBETUNE_BASE_JSON_TEXT_H_
