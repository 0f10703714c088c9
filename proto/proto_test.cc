// Checks that the hand-written .proto files are wire- and JSON-compatible with the systems
// Kubetune interoperates with: TFX (JSON execution properties), TensorFlow (tf.Example bytes) and
// KerasTuner (protobuf messages and gRPC method paths).

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "keras_tuner/keras_tuner.pb.h"
#include "keras_tuner/service.grpc.pb.h"
#include "keras_tuner/service.pb.h"
#include "tensorflow/example.pb.h"
#include "tensorflow/feature.pb.h"
#include "tfx/trainer.pb.h"
#include "tfx/tuner.pb.h"

namespace kubetune {
namespace {

using google::protobuf::Message;
using google::protobuf::util::JsonStringToMessage;

std::string FromHex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    ADD_FAILURE() << "bad hex digit " << c;
    return 0;
  };
  EXPECT_EQ(hex.size() % 2, 0u);
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

// Map entries are emitted in hash order by default; deterministic mode sorts them by key, which
// is also what Python's SerializeToString(deterministic=True) does, so byte comparisons are
// stable across runs and languages.
std::string SerializeDeterministic(const Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    EXPECT_TRUE(message.SerializeToCodedStream(&coded));
  }
  return out;
}

// Unknown fields mean the peer sent a field number or wire type our .proto does not declare;
// that would silently drop data, so the compatibility tests require there be none anywhere.
bool HasUnknownFieldsAnywhere(const Message& message) {
  const auto* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        if (HasUnknownFieldsAnywhere(reflection->GetRepeatedMessage(message, field, i))) {
          return true;
        }
      }
    } else if (HasUnknownFieldsAnywhere(reflection->GetMessage(message, field))) {
      return true;
    }
  }
  return false;
}

// TFX stores train_args/eval_args/tune_args as JSON with the proto field names.

TEST(TfxArgsJson, TrainArgsFromSnakeCase) {
  tfx::components::trainer::TrainArgs args;
  auto status = JsonStringToMessage(R"({"splits": ["train"], "num_steps": 20})", &args);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(args.splits_size(), 1);
  EXPECT_EQ(args.splits(0), "train");
  EXPECT_EQ(args.num_steps(), 20);
}

TEST(TfxArgsJson, TrainAndEvalArgsFromCamelCase) {
  tfx::components::trainer::TrainArgs train;
  auto status = JsonStringToMessage(R"({"splits": ["train", "extra"], "numSteps": 7})", &train);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(train.splits_size(), 2);
  EXPECT_EQ(train.splits(1), "extra");
  EXPECT_EQ(train.num_steps(), 7);

  tfx::components::trainer::EvalArgs eval;
  status = JsonStringToMessage(R"({"splits": ["eval"], "numSteps": 5})", &eval);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(eval.splits_size(), 1);
  EXPECT_EQ(eval.splits(0), "eval");
  EXPECT_EQ(eval.num_steps(), 5);
}

TEST(TfxArgsJson, TuneArgsInBothSpellings) {
  tfx::components::tuner::TuneArgs snake;
  auto status = JsonStringToMessage(R"({"num_parallel_trials": 3})", &snake);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(snake.num_parallel_trials(), 3);

  tfx::components::tuner::TuneArgs camel;
  status = JsonStringToMessage(R"({"numParallelTrials": 4})", &camel);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(camel.num_parallel_trials(), 4);
}

TEST(TfxArgsJson, MisspelledFieldIsRejected) {
  // Field names are part of the JSON contract; a typo must not parse as an empty message.
  tfx::components::trainer::TrainArgs args;
  EXPECT_FALSE(JsonStringToMessage(R"({"num_step": 20})", &args).ok());
}

TEST(TfxArgsJson, WritesTfxFieldNames) {
  tfx::components::trainer::TrainArgs args;
  args.add_splits("train");
  args.set_num_steps(20);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(args, &json, options).ok());
  EXPECT_EQ(json, R"({"splits":["train"],"num_steps":20})");
}

TEST(TfExample, WireBytesMatchTensorFlowEncoding) {
  tensorflow::Example example;
  auto& features = *example.mutable_features()->mutable_feature();
  features["age"].mutable_int64_list()->add_value(29);
  features["age"].mutable_int64_list()->add_value(300);
  features["name"].mutable_bytes_list()->add_value("ada");
  features["score"].mutable_float_list()->add_value(0.5f);

  // Hand-derived from the wire format (tag = field << 3 | wire type), entries in key order:
  //   0a 34                      Example.features, 52 bytes
  //   0a 0e | 0a 03 "age"        map entry key
  //           12 07 1a 05        value: Feature.int64_list (field 3)
  //           0a 03 1d ac 02     packed int64: 29, 300 (varint ac 02)
  //   0a 0f | 0a 04 "name"
  //           12 07 0a 05        Feature.bytes_list (field 1)
  //           0a 03 "ada"
  //   0a 11 | 0a 05 "score"
  //           12 08 12 06        Feature.float_list (field 2)
  //           0a 04 00 00 00 3f  packed float: 0.5f little-endian
  // Cross-checked against `protoc --encode=tensorflow.Example` and Python protobuf.
  const std::string expected = FromHex(
      "0a34"
      "0a0e0a03616765"
      "12071a050a031dac02"
      "0a0f0a046e616d65"
      "12070a050a03616461"
      "0a110a0573636f7265"
      "120812060a040000003f");
  EXPECT_EQ(ToHex(SerializeDeterministic(example)), ToHex(expected));

  tensorflow::Example parsed;
  ASSERT_TRUE(parsed.ParseFromString(expected));
  const auto& parsed_features = parsed.features().feature();
  ASSERT_EQ(parsed_features.size(), 3u);
  ASSERT_TRUE(parsed_features.at("age").has_int64_list());
  EXPECT_EQ(parsed_features.at("age").int64_list().value(1), 300);
  ASSERT_TRUE(parsed_features.at("score").has_float_list());
  EXPECT_EQ(parsed_features.at("score").float_list().value(0), 0.5f);
  ASSERT_TRUE(parsed_features.at("name").has_bytes_list());
  EXPECT_EQ(parsed_features.at("name").bytes_list().value(0), "ada");
}

TEST(TfExample, SequenceExampleRoundTrips) {
  tensorflow::SequenceExample sequence;
  (*sequence.mutable_context()->mutable_feature())["user"].mutable_bytes_list()->add_value("u1");
  auto& ratings = (*sequence.mutable_feature_lists()->mutable_feature_list())["ratings"];
  ratings.add_feature()->mutable_float_list()->add_value(4.5f);
  ratings.add_feature()->mutable_float_list()->add_value(5.0f);

  tensorflow::SequenceExample parsed;
  ASSERT_TRUE(parsed.ParseFromString(sequence.SerializeAsString()));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, sequence));
  const auto& parsed_ratings = parsed.feature_lists().feature_list().at("ratings");
  ASSERT_EQ(parsed_ratings.feature_size(), 2);
  EXPECT_EQ(parsed_ratings.feature(1).float_list().value(0), 5.0f);
}

TEST(KerasTunerProto, TrialRoundTrips) {
  keras_tuner::Trial trial;
  trial.set_trial_id("07");
  trial.set_status(keras_tuner::COMPLETED);
  auto* space = trial.mutable_hyperparameters()->mutable_space();
  auto* units = space->add_int_space();
  units->set_name("units");
  units->set_min_value(-64);
  units->set_max_value(256);
  units->set_sampling(keras_tuner::LINEAR);
  auto& values = *trial.mutable_hyperparameters()->mutable_values()->mutable_values();
  values["units"].set_int_value(-3);
  values["lr"].set_float_value(0.01);
  values["optimizer"].set_string_value("adam");
  values["dropout"].set_boolean_value(true);
  auto& history = (*trial.mutable_metrics()->mutable_metrics())["accuracy"];
  history.set_maximize(true);
  auto* observation = history.add_observations();
  observation->add_value(0.75f);
  observation->set_step(2);
  trial.mutable_score()->set_value(0.75f);
  trial.mutable_score()->set_step(2);

  keras_tuner::Trial parsed;
  ASSERT_TRUE(parsed.ParseFromString(trial.SerializeAsString()));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, trial));
  EXPECT_EQ(parsed.status(), keras_tuner::COMPLETED);
  EXPECT_EQ(parsed.hyperparameters().values().values().at("units").int_value(), -3);
  EXPECT_EQ(parsed.hyperparameters().space().int_space(0).min_value(), -64);
  EXPECT_TRUE(parsed.metrics().metrics().at("accuracy").maximize());
  EXPECT_EQ(parsed.score().value(), 0.75f);
}

TEST(KerasTunerProto, IntValuesAreZigZagEncoded) {
  // KerasTuner declares integer hyperparameter values as sint64; a plain int64 would encode -3
  // as a ten-byte varint instead of the single zigzag byte 0x05.
  keras_tuner::Value value;
  value.set_int_value(-3);
  EXPECT_EQ(ToHex(value.SerializeAsString()), "0805");
}

TEST(KerasTunerProto, TrialStatusNumbersMatchKerasTuner) {
  EXPECT_EQ(keras_tuner::UNKNOWN, 0);
  EXPECT_EQ(keras_tuner::RUNNING, 1);
  EXPECT_EQ(keras_tuner::IDLE, 2);
  EXPECT_EQ(keras_tuner::INVALID, 3);
  EXPECT_EQ(keras_tuner::STOPPED, 4);
  EXPECT_EQ(keras_tuner::COMPLETED, 5);
  EXPECT_EQ(keras_tuner::FAILED, 6);
}

TEST(KerasTunerProto, OracleMethodPaths) {
  EXPECT_STREQ(keras_tuner::Oracle::service_full_name(), "keras_tuner.Oracle");
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName("keras_tuner.Oracle");
  ASSERT_NE(service, nullptr);
  const std::vector<std::string> expected = {"GetSpace",    "UpdateSpace", "CreateTrial",
                                             "UpdateTrial", "EndTrial",    "GetBestTrials",
                                             "GetTrial"};
  ASSERT_EQ(service->method_count(), static_cast<int>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto* method = service->method(static_cast<int>(i));
    EXPECT_EQ(method->name(), expected[i]);
  }
}

class FakeOracle final : public keras_tuner::Oracle::Service {
 public:
  grpc::Status CreateTrial(grpc::ServerContext*, const keras_tuner::CreateTrialRequest* request,
                           keras_tuner::CreateTrialResponse* response) override {
    response->mutable_trial()->set_trial_id("for-" + request->tuner_id());
    response->mutable_trial()->set_status(keras_tuner::RUNNING);
    return grpc::Status::OK;
  }
};

// KerasTuner's Python workers call the oracle by the literal path
// "/keras_tuner.Oracle/CreateTrial". Sending to that path through a generic (path-addressed) stub
// proves the generated service registers its handler there, not merely that the descriptor spells
// the name right.
TEST(KerasTunerGrpc, GeneratedServiceAnswersAtKerasTunerPath) {
  FakeOracle oracle;
  grpc::ServerBuilder builder;
  builder.RegisterService(&oracle);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  std::shared_ptr<grpc::Channel> channel = server->InProcessChannel(grpc::ChannelArguments());

  keras_tuner::CreateTrialRequest request;
  request.set_tuner_id("tuner0");
  const std::string request_bytes = request.SerializeAsString();
  grpc::Slice request_slice(request_bytes);
  grpc::ByteBuffer request_buffer(&request_slice, 1);

  grpc::GenericStub generic_stub(channel);
  grpc::ClientContext generic_context;
  generic_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue queue;
  auto call = generic_stub.PrepareUnaryCall(&generic_context, "/keras_tuner.Oracle/CreateTrial",
                                            request_buffer, &queue);
  ASSERT_NE(call, nullptr);
  call->StartCall();
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  int tag = 1;
  call->Finish(&response_buffer, &status, &tag);
  void* got_tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(queue.Next(&got_tag, &ok));
  EXPECT_EQ(got_tag, &tag);
  EXPECT_TRUE(ok);
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();

  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response_buffer.Dump(&slices).ok());
  std::string response_bytes;
  for (const auto& slice : slices) {
    response_bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  keras_tuner::CreateTrialResponse response;
  ASSERT_TRUE(response.ParseFromString(response_bytes));
  EXPECT_EQ(response.trial().trial_id(), "for-tuner0");
  EXPECT_EQ(response.trial().status(), keras_tuner::RUNNING);

  // The generated client stub reaches the same handler.
  auto stub = keras_tuner::Oracle::NewStub(channel);
  grpc::ClientContext stub_context;
  stub_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  keras_tuner::CreateTrialResponse stub_response;
  status = stub->CreateTrial(&stub_context, request, &stub_response);
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  EXPECT_EQ(stub_response.trial().trial_id(), "for-tuner0");

  // A method the fake leaves unimplemented still resolves to the generated default handler.
  grpc::ClientContext end_context;
  end_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  keras_tuner::EndTrialResponse end_response;
  status = stub->EndTrial(&end_context, keras_tuner::EndTrialRequest(), &end_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);

  server->Shutdown();
  queue.Shutdown();
  while (queue.Next(&got_tag, &ok)) {
  }
}

// keras_tuner.engine.trial.Trial(...).to_proto().SerializeToString(deterministic=True) from
// keras-tuner 1.4.8: hyperparameters units Int(32..256 step 32, default 64) = 96,
// learning_rate Float(1e-4..1e-2, log) = 0.001, optimizer Choice(adam, sgd) = adam,
// dropout Boolean = false, batch_size Fixed = 128; trial_id "01", status COMPLETED,
// val_loss observed 0.25 at step 3, score 0.5 at step 3.
constexpr std::string_view kKerasTunerTrialHex =
    "0aeb010a85010a2c0a0d6c6561726e696e675f72617465112d431cebe2361a3f197b14ae47e17a843f2802312d43"
    "1cebe2361a3f12130a05756e6974731040188004204028013080011a220a096f7074696d697a657212061a046164"
    "616d12051a037367641a061a046164616d22090a0764726f706f75742a110a0a62617463685f73697a6512030880"
    "0212610a110a0a62617463685f73697a6512030880020a0d0a0764726f706f7574120220000a1a0a0d6c6561726e"
    "696e675f72617465120911fca9f1d24d62503f0a130a096f7074696d697a657212061a046164616d0a0c0a05756e"
    "697473120308c00112023031180522180a160a0876616c5f6c6f7373120a0a080a040000803e10032a070d000000"
    "3f1003";

TEST(KerasTunerProto, DecodesTrialSerializedByKerasTuner) {
  const std::string bytes = FromHex(kKerasTunerTrialHex);
  keras_tuner::Trial trial;
  ASSERT_TRUE(trial.ParseFromString(bytes));
  EXPECT_FALSE(HasUnknownFieldsAnywhere(trial));

  EXPECT_EQ(trial.trial_id(), "01");
  EXPECT_EQ(trial.status(), keras_tuner::COMPLETED);
  EXPECT_EQ(trial.score().value(), 0.5f);
  EXPECT_EQ(trial.score().step(), 3);

  const auto& space = trial.hyperparameters().space();
  ASSERT_EQ(space.float_space_size(), 1);
  EXPECT_EQ(space.float_space(0).name(), "learning_rate");
  EXPECT_DOUBLE_EQ(space.float_space(0).min_value(), 1e-4);
  EXPECT_DOUBLE_EQ(space.float_space(0).max_value(), 1e-2);
  EXPECT_EQ(space.float_space(0).sampling(), keras_tuner::LOG);
  ASSERT_EQ(space.int_space_size(), 1);
  EXPECT_EQ(space.int_space(0).name(), "units");
  EXPECT_EQ(space.int_space(0).min_value(), 32);
  EXPECT_EQ(space.int_space(0).max_value(), 256);
  EXPECT_EQ(space.int_space(0).step(), 32);
  EXPECT_EQ(space.int_space(0).default_(), 64);
  EXPECT_EQ(space.int_space(0).sampling(), keras_tuner::LINEAR);
  ASSERT_EQ(space.choice_space_size(), 1);
  ASSERT_EQ(space.choice_space(0).values_size(), 2);
  EXPECT_EQ(space.choice_space(0).values(1).string_value(), "sgd");
  EXPECT_EQ(space.choice_space(0).default_().string_value(), "adam");
  ASSERT_EQ(space.boolean_space_size(), 1);
  EXPECT_EQ(space.boolean_space(0).name(), "dropout");
  ASSERT_EQ(space.fixed_space_size(), 1);
  EXPECT_EQ(space.fixed_space(0).value().int_value(), 128);

  const auto& values = trial.hyperparameters().values().values();
  ASSERT_EQ(values.size(), 5u);
  EXPECT_EQ(values.at("units").int_value(), 96);
  EXPECT_DOUBLE_EQ(values.at("learning_rate").float_value(), 0.001);
  EXPECT_EQ(values.at("optimizer").string_value(), "adam");
  // An explicit false inside a oneof is still present on the wire and must keep its kind.
  EXPECT_EQ(values.at("dropout").kind_case(), keras_tuner::Value::kBooleanValue);
  EXPECT_FALSE(values.at("dropout").boolean_value());
  EXPECT_EQ(values.at("batch_size").int_value(), 128);

  const auto& metrics = trial.metrics().metrics();
  ASSERT_EQ(metrics.count("val_loss"), 1u);
  const auto& val_loss = metrics.at("val_loss");
  EXPECT_FALSE(val_loss.maximize());
  ASSERT_EQ(val_loss.observations_size(), 1);
  ASSERT_EQ(val_loss.observations(0).value_size(), 1);
  EXPECT_EQ(val_loss.observations(0).value(0), 0.25f);
  EXPECT_EQ(val_loss.observations(0).step(), 3);

  // Both sides serialize deterministically (fields by number, map keys sorted), so a faithful
  // schema reproduces KerasTuner's bytes exactly.
  EXPECT_EQ(ToHex(SerializeDeterministic(trial)), std::string(kKerasTunerTrialHex));
}

}  // namespace
}  // namespace kubetune
