// Fuzzes tf.Example parsing into dense batches: any bytes give one row or a documented error
// (kDataLoss, kInvalidArgument) that leaves the batch unchanged; and an example whose feature
// types are inferred from itself parses, or fails only with kInvalidArgument.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/example_parser.h"
#include "data/example_spec.h"

namespace {

using kubetune::Status;
using kubetune::StatusCode;
using kubetune::StatusOr;
using kubetune::data::DenseBatch;
using kubetune::data::ExampleParser;
using kubetune::data::ExampleSpec;
using kubetune::data::FeatureType;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// The seeds' features: one of each type, a defaulted one, and a bytes label.
const ExampleParser& FixedParser() {
  static const ExampleParser* parser = [] {
    ExampleSpec spec;
    spec.features = {{"age", FeatureType::kInt64, std::nullopt},
                     {"height", FeatureType::kFloat, 0.0f},
                     {"city", FeatureType::kBytes, std::nullopt}};
    spec.label = {"species", FeatureType::kBytes, std::nullopt};
    StatusOr<ExampleParser> created = ExampleParser::Create(
        spec, {{"city", {"Lisbon", "Oslo"}}, {"species", {"Adelie", "Chinstrap", "Gentoo"}}});
    Check(created.ok());
    return new ExampleParser(*std::move(created));
  }();
  return *parser;
}

void CheckAppend(const ExampleParser& parser, const Status& status, const DenseBatch& batch) {
  if (status.ok()) {
    Check(batch.rows == 1);
    Check(batch.labels.size() == 1);
    Check(batch.features.size() == parser.spec().features.size());
  } else {
    Check(status.code() == StatusCode::kDataLoss || status.code() == StatusCode::kInvalidArgument);
    Check(batch.rows == 0 && batch.features.empty() && batch.labels.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const ExampleParser& fixed = FixedParser();
  DenseBatch batch = fixed.NewBatch();
  CheckAppend(fixed, fixed.AppendSerialized(bytes, "fuzz", &batch), batch);

  tensorflow::Example example;
  if (!example.ParseFromArray(data, static_cast<int>(size)) ||
      example.features().feature().empty()) {
    return 0;
  }
  // Infer a spec from the example itself, with its smallest key as the label.
  std::string label = example.features().feature().begin()->first;
  for (const auto& [key, feature] : example.features().feature()) label = std::min(label, key);
  std::vector<tensorflow::Example> examples = {example};
  StatusOr<ExampleSpec> spec = kubetune::data::InferExampleSpec(examples, {label, {}, -1.0f});
  if (!spec.ok()) {
    Check(spec.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  kubetune::data::VocabularyBuilder vocabulary(*spec);
  vocabulary.Add(example);
  StatusOr<ExampleParser> parser = ExampleParser::Create(*spec, vocabulary.Build());
  Check(parser.ok());
  DenseBatch inferred = parser->NewBatch();
  Status status = parser->Append(example, "fuzz", &inferred);
  // Only counts can fail here: the types fit by construction.
  Check(status.ok() || status.code() == StatusCode::kInvalidArgument);
  CheckAppend(*parser, status, inferred);
  return 0;
}
