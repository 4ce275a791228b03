package io.streamcast.job;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
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

    /** RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, by its key: RocksDB is a runtime dependency only. */
    static final ConfigOption<Boolean> PARTITIONED_INDEX_FILTERS =
            ConfigOptions.key("state.backend.rocksdb.memory.partitioned-index-filters").booleanType().defaultValue(false);

    public void configure(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, this == ROCKSDB ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == ROCKSDB);
        if (this == ROCKSDB) {
            // RocksDB keeps its index and filter blocks in the block cache that managed memory
            // bounds. Whole, the index of a large SST file takes megabytes; with state far larger
            // than the cache (a million keys) lookups kept evicting and re-reading them: the
            // window of a million keys fired at about 300 bars a second on this machine.
            // Partitioned, only the top level stays in the cache and a lookup reads one small
            // partition (with 1 GiB of managed memory as well, the same window fired in ~30 s).
            conf.set(PARTITIONED_INDEX_FILTERS, true);
        }
    }
}
