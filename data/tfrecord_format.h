// The TFRecord framing shared by the reader and the writer: fixed-width little-endian numbers
// and the 12-byte record header (length, masked CRC-32C of the length).
//
// Thread-safety: pure functions.
#ifndef KUBETUNE_DATA_TFRECORD_FORMAT_H_
#define KUBETUNE_DATA_TFRECORD_FORMAT_H_

#include <cstddef>
#include <cstdint>

#include "data/crc32c.h"

namespace kubetune::data::tfrecord {

inline constexpr size_t kLengthSize = 8;
inline constexpr size_t kHeaderSize = kLengthSize + 4;  // length, masked CRC of the length
inline constexpr size_t kFooterSize = 4;                // masked CRC of the data

inline void EncodeFixed32(uint32_t value, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xffu);
}

inline void EncodeFixed64(uint64_t value, char* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xffu);
}

inline uint32_t DecodeFixed32(const char* in) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[i]);
  return value;
}

inline uint64_t DecodeFixed64(const char* in) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[i]);
  return value;
}

// Writes the header of a record of `length` bytes into out[0, kHeaderSize).
inline void EncodeHeader(uint64_t length, char* out) {
  EncodeFixed64(length, out);
  EncodeFixed32(crc32c::Mask(crc32c::Extend(0, out, kLengthSize)), out + kLengthSize);
}

}  // namespace kubetune::data::tfrecord

#endif  // KUBETUNE_DATA_TFRECORD_FORMAT_H_
