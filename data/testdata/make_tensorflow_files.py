"""Writes tensorflow_written.tfrecord{,.gz,.zlib} with TensorFlow's own tf.io.TFRecordWriter.

The data tests read these files (TensorFlow's framing and compression, checked without
TensorFlow at test time) and check that Kubetune's writer produces the same bytes. Run it with
the test environment's Python, from this directory:

  $(hack/python-env.sh tensorflow data/testdata/tensorflow-requirements.txt) make_tensorflow_files.py
"""

import tensorflow as tf


def main():
    example = tf.train.Example()
    features = example.features.feature
    features["age"].int64_list.value.append(42)
    features["height"].float_list.value.append(1.75)
    features["city"].bytes_list.value.append(b"Lisbon")
    records = [b"", b"hello", bytes(range(256)) * 40, example.SerializeToString()]
    for name, compression in [("tensorflow_written.tfrecord", None),
                              ("tensorflow_written.tfrecord.gz", "GZIP"),
                              ("tensorflow_written.tfrecord.zlib", "ZLIB")]:
        with tf.io.TFRecordWriter(name, options=compression) as writer:
            for record in records:
                writer.write(record)


if __name__ == "__main__":
    main()
