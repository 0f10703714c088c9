// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected), the checksum of TFRecord files, and
// the masking TFRecord applies to stored checksums.
//
// Debian packages no CRC-32C library for C++ (Google's crc32c is not in bookworm), so it is
// implemented here: slicing-by-8 tables, and the SSE4.2 crc32 instruction when the CPU has it
// (chosen once at run time; both give identical results).
//
// Thread-safety: every function is pure and may be called concurrently.
#ifndef KUBETUNE_DATA_CRC32C_H_
#define KUBETUNE_DATA_CRC32C_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kubetune::data::crc32c {

// The CRC-32C of `crc`'s input followed by data[0, n). Extend(0, ...) starts a new checksum.
uint32_t Extend(uint32_t crc, const void* data, size_t n);

// The CRC-32C of `data`, e.g. Value("123456789") == 0xE3069283.
inline uint32_t Value(std::string_view data) { return Extend(0, data.data(), data.size()); }

// TFRecord (and LevelDB) store masked checksums, since the CRC of data that itself holds
// CRCs is weak: ((crc >> 15) | (crc << 17)) + 0xa282ead8.
inline uint32_t Mask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }

// The inverse of Mask.
inline uint32_t Unmask(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

namespace internal {

// The two implementations behind Extend, exposed so that tests can compare them.
uint32_t ExtendPortable(uint32_t crc, const void* data, size_t n);
// True when this CPU has the SSE4.2 crc32 instruction; ExtendHardware needs it.
bool HasHardwareSupport();
uint32_t ExtendHardware(uint32_t crc, const void* data, size_t n);

}  // namespace internal
}  // namespace kubetune::data::crc32c

#endif  // KUBETUNE_DATA_CRC32C_H_
