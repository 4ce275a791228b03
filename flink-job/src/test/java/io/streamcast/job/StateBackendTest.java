package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;

/** What Flink builds from the configuration each {@code --state-backend} writes. */
class StateBackendTest {

    @Test
    void rocksDbCheckpointsIncrementally() throws Exception {
        assertThat(load(StateBackend.ROCKSDB)).isInstanceOfSatisfying(EmbeddedRocksDBStateBackend.class,
                rocksDb -> assertThat(rocksDb.isIncrementalCheckpointsEnabled()).isTrue());
    }

    @Test
    void rocksDbPartitionsItsIndexAndFilterBlocks() throws Exception {
        assertThat(load(StateBackend.ROCKSDB)).isInstanceOfSatisfying(EmbeddedRocksDBStateBackend.class,
                rocksDb -> assertThat(rocksDb.getMemoryConfiguration().isUsingPartitionedIndexFilters()).isTrue());
    }

    @Test
    void hashMapKeepsStateOnTheHeap() throws Exception {
        assertThat(load(StateBackend.HASHMAP)).isInstanceOf(HashMapStateBackend.class);
    }

    private static org.apache.flink.runtime.state.StateBackend load(StateBackend backend) throws Exception {
        Configuration conf = new Configuration();
        backend.configure(conf);
        return StateBackendLoader.loadStateBackendFromConfig(conf, StateBackendTest.class.getClassLoader(), null);
    }
}
