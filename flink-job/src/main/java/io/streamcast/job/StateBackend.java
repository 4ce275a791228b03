package io.streamcast.job;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where keyed state lives. On the heap it is fastest, and limited by the heap; RocksDB keeps it
 * on local disk, serialized, for keys beyond what the heap holds, and checkpoints it
 * incrementally (only what changed since the last checkpoint is written).
 */
public enum StateBackend {
    HASHMAP,
    ROCKSDB;

    public void configure(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, this == ROCKSDB ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == ROCKSDB);
    }
}
