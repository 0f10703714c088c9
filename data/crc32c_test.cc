#include "data/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace kubetune::data::crc32c {
namespace {

TEST(Crc32cTest, KnownVectors) {
  // The check value of CRC-32C, and RFC 3720's (iSCSI) test vectors, B.4.
  EXPECT_EQ(Value("123456789"), 0xE3069283u);
  EXPECT_EQ(Value(""), 0u);
  EXPECT_EQ(Value(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Value(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending(32, '\0');
  for (int i = 0; i < 32; ++i) ascending[i] = static_cast<char>(i);
  EXPECT_EQ(Value(ascending), 0x46DD794Eu);
  std::string descending(32, '\0');
  for (int i = 0; i < 32; ++i) descending[i] = static_cast<char>(31 - i);
  EXPECT_EQ(Value(descending), 0x113FDB5Cu);
}

TEST(Crc32cTest, ExtendEqualsWholeValue) {
  std::string text = "hello world, this is a longer text for the CRC";
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    uint32_t head = Extend(0, text.data(), cut);
    EXPECT_EQ(Extend(head, text.data() + cut, text.size() - cut), Value(text)) << cut;
  }
}

TEST(Crc32cTest, MaskRoundTripsAndChangesTheValue) {
  for (uint32_t crc : {0u, 1u, 0xE3069283u, 0xFFFFFFFFu, 0x80000000u}) {
    EXPECT_EQ(Unmask(Mask(crc)), crc);
    EXPECT_NE(Mask(crc), crc);
    EXPECT_NE(Mask(Mask(crc)), Mask(crc));
  }
  // The definition: rotate right by 15, add a constant.
  EXPECT_EQ(Mask(0xE3069283u), ((0xE3069283u >> 15) | (0xE3069283u << 17)) + 0xa282ead8u);
}

TEST(Crc32cTest, PortableAndHardwareAgree) {
  std::mt19937 random(7);
  std::string data(4096 + 13, '\0');
  for (char& c : data) c = static_cast<char>(random());
  // Every length and alignment near the 8-byte stride of both implementations.
  for (size_t start = 0; start < 9; ++start) {
    for (size_t length : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4096}) {
      uint32_t portable = internal::ExtendPortable(0, data.data() + start, length);
      if (internal::HasHardwareSupport()) {
        EXPECT_EQ(internal::ExtendHardware(0, data.data() + start, length), portable)
            << start << " " << length;
      }
      EXPECT_EQ(Extend(0, data.data() + start, length), portable);
    }
  }
  EXPECT_EQ(internal::ExtendPortable(0, "123456789", 9), 0xE3069283u);
}

}  // namespace
}  // namespace kubetune::data::crc32c
