"""Writes the fuzzers' seed corpora, corpus/<fuzzer>/*: small valid and damaged inputs.

Plain Python (zlib, struct), no protobuf or TensorFlow: TFRecord framing, CRC-32C and the
tf.Example wire format are spelled out here. Run from anywhere; the output is deterministic.
"""

import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(records):
    out = b""
    for record in records:
        length = struct.pack("<Q", len(record))
        out += length + struct.pack("<I", masked(crc32c(length)))
        out += record + struct.pack("<I", masked(crc32c(record)))
    return out


def gzip_bytes(data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31, 9)
    return compressor.compress(data) + compressor.flush()


def zlib_bytes(data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, 15, 9)
    return compressor.compress(data) + compressor.flush()


def varint(value):
    out = b""
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def field(number, payload):
    """A length-delimited field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def feature(kind, values):
    if kind == "bytes":
        inner = b"".join(field(1, value) for value in values)
        return field(1, inner)
    if kind == "float":
        return field(2, field(1, b"".join(struct.pack("<f", value) for value in values)))
    return field(3, field(1, b"".join(varint(value & (2**64 - 1)) for value in values)))


def example(features):
    entries = b"".join(field(1, field(1, key.encode()) + field(2, value))
                       for key, value in sorted(features.items()))
    return field(1, entries)


def write(fuzzer, name, data):
    directory = os.path.join(HERE, "corpus", fuzzer)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    full = example({
        "age": feature("int64", [42]),
        "height": feature("float", [1.75]),
        "city": feature("bytes", [b"Oslo"]),
        "species": feature("bytes", [b"Gentoo"]),
    })
    no_height = example({
        "age": feature("int64", [-3]),
        "city": feature("bytes", [b"Lisbon"]),
        "species": feature("bytes", [b"Adelie"]),
    })
    wrong_type = example({
        "age": feature("float", [7.5]),
        "height": feature("bytes", [b"tall"]),
        "city": feature("bytes", [b"Paris"]),
        "species": feature("bytes", [b"Emperor"]),
    })
    several = example({
        "age": feature("int64", [1, 2, 3]),
        "height": feature("float", []),
        "city": feature("bytes", [b"Oslo", b"Lisbon"]),
        "species": feature("bytes", [b"Chinstrap"]),
    })
    for name, data in [("full", full), ("missing_default", no_height),
                       ("wrong_type", wrong_type), ("several_values", several), ("empty", b"")]:
        write("example_parser_fuzzer", name, data)

    # The first byte: compression = b % 3 (none, GZIP, ZLIB); skip mode when (b // 3) % 2.
    stream = tfrecord([b"", b"first", full, b"x" * 300])
    damaged = bytearray(stream)
    damaged[12 + 0 + 4 + 12 + 2] ^= 1  # the data of record 1
    seeds = {
        "none": bytes([0]) + stream,
        "gzip": bytes([1]) + gzip_bytes(stream),
        "zlib": bytes([2]) + zlib_bytes(stream),
        "none_skip_damaged": bytes([3]) + bytes(damaged),
        "gzip_skip_damaged": bytes([4]) + gzip_bytes(bytes(damaged)),
        "none_truncated": bytes([0]) + stream[:-7],
        "gzip_small_buffer_truncated": bytes([1 + 8 * 3]) + gzip_bytes(stream)[:-9],
    }
    for name, data in seeds.items():
        write("tfrecord_reader_fuzzer", name, data)


if __name__ == "__main__":
    main()
