#include "base/status.h"

#include <gtest/gtest.h>

namespace kubetune {
namespace {

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, RetryGuidanceFollowsTheCode) {
  EXPECT_TRUE(UnavailableError("x").IsRetryable());
  EXPECT_TRUE(AbortedError("x").IsRetryable());
  EXPECT_TRUE(DeadlineExceededError("x").IsRetryable());
  EXPECT_TRUE(ResourceExhaustedError("x").IsRetryable());
  EXPECT_FALSE(InvalidArgumentError("x").IsRetryable());
  EXPECT_FALSE(FailedPreconditionError("x").IsRetryable());
  EXPECT_FALSE(DataLossError("x").IsRetryable());
  EXPECT_FALSE(OkStatus().IsRetryable());
}

TEST(StatusTest, ContextPrefixesTheMessage) {
  Status s = NotFoundError("no such file").WithContext("reading job.yaml");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NOT_FOUND: reading job.yaml: no such file");
  EXPECT_TRUE(OkStatus().WithContext("ignored").ok());
}

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgumentError("odd");
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  KT_ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(StatusOrTest, CarriesValueOrError) {
  EXPECT_EQ(*Quarter(8), 2);
  StatusOr<int> odd = Quarter(6);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().message(), "odd");
}

TEST(StatusOrTest, OkStatusWithoutValueIsInternal) {
  StatusOr<int> bad(OkStatus());
  EXPECT_EQ(bad.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace kubetune
