"""TensorFlow must read what `kubetune examplegen` writes (the data_tensorflow_reader test).

Runs `kubetune examplegen` on the penguin CSV, then reads its output with TensorFlow's own
tf.data.TFRecordDataset(compression_type="GZIP") and tf.io.parse_single_example, and checks:
  - every CSV row is one example, in CSV order within its split, with the CSV's values and
    types (int64 for integer columns, float32 for the others);
  - each record is the deterministic serialization of the Example that Python builds from the
    CSV row, and sits in the split that TFX's ExampleGen partition function picks for it:
    bisect(cumulative buckets, int(sha256(record)) % total);
  - the split is about 2:1.
Prints one line and exits 0 on success; raises on the first mismatch.
"""

import argparse
import bisect
import csv
import hashlib
import os
import subprocess
import sys
import tempfile

import numpy as np
import tensorflow as tf

SPLITS = (("train", 2), ("eval", 1))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kubetune", required=True, help="the kubetune binary")
    parser.add_argument("--csv", required=True, help="examples/penguin/data/penguins.csv")
    return parser.parse_args()


def column_types(rows, columns):
    """The column typing rule of kubetune examplegen: int64, else float, else bytes."""
    types = {}
    for column in columns:
        values = [row[column] for row in rows]

        def all_parse(kind):
            try:
                for value in values:
                    kind(value)
                return True
            except ValueError:
                return False

        if all_parse(int):
            types[column] = "int64"
        elif all_parse(float):
            types[column] = "float"
        else:
            types[column] = "bytes"
    return types


def example_from_row(row, types):
    example = tf.train.Example()
    for column, kind in types.items():
        feature = example.features.feature[column]
        if kind == "int64":
            feature.int64_list.value.append(int(row[column]))
        elif kind == "float":
            feature.float_list.value.append(float(row[column]))
        else:
            feature.bytes_list.value.append(row[column].encode())
    return example


def tfx_split(record):
    """TFX's _PartitionFn for the default train:2 eval:1 split config."""
    cumulative = np.cumsum([buckets for _, buckets in SPLITS]).tolist()
    bucket = int(hashlib.sha256(record).hexdigest(), 16) % cumulative[-1]
    return SPLITS[bisect.bisect(cumulative, bucket)][0]


def main():
    args = parse_args()
    with open(args.csv, newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames
        rows = list(reader)
    assert rows, f"{args.csv} has no rows"
    types = column_types(rows, columns)
    assert types["species"] == "int64", types
    assert types["culmen_length_mm"] == "float", types

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "examples")
        subprocess.run([args.kubetune, "examplegen", args.csv, "--output-dir", out],
                       check=True, stdout=subprocess.DEVNULL)

        spec = {
            column: tf.io.FixedLenFeature([], tf.int64 if kind == "int64" else tf.float32)
            for column, kind in types.items()
        }
        records = {}
        for split, _ in SPLITS:
            split_dir = os.path.join(out, f"Split-{split}")
            files = sorted(os.listdir(split_dir))
            assert files == ["data_tfrecord-00000-of-00001.gz"], (split, files)
            dataset = tf.data.TFRecordDataset(os.path.join(split_dir, files[0]),
                                              compression_type="GZIP")
            records[split] = [(raw.numpy(), tf.io.parse_single_example(raw, spec))
                              for raw in dataset]

    position = {split: 0 for split, _ in SPLITS}
    for line, row in enumerate(rows, start=2):
        expected = example_from_row(row, types).SerializeToString(deterministic=True)
        split = tfx_split(expected)
        assert position[split] < len(records[split]), f"{args.csv}:{line}: missing from {split}"
        raw, parsed = records[split][position[split]]
        position[split] += 1
        assert raw == expected, f"{args.csv}:{line}: record differs from the CSV row's Example"
        for column, kind in types.items():
            value = parsed[column].numpy()
            want = int(row[column]) if kind == "int64" else np.float32(float(row[column]))
            assert value == want, f"{args.csv}:{line}: {column} is {value}, expected {want}"
    for split, _ in SPLITS:
        assert position[split] == len(records[split]), f"{split} has examples the CSV lacks"

    train, evaluation = len(records["train"]), len(records["eval"])
    fraction = train / (train + evaluation)
    # 2/3 in expectation; the penguins' 342 rows give 204:138 (0.596) under TFX's own rule.
    assert 0.5 < fraction < 0.8, f"train fraction {fraction:.3f} is far from 2/3"
    print(f"data_tensorflow_reader: TensorFlow {tf.__version__} read {train + evaluation} "
          f"examples (train {train}, eval {evaluation}) matching {os.path.basename(args.csv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
