package io.streamcast.backtest;

import io.streamcast.ingest.Ingested;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/**
 * A replay's records, ready to read: each in Flink's own serialization of {@link Ingested} (the
 * bytes it would send between operators), after a byte that says one follows. What the client made
 * of the CSV rows reaches the job without being written as text and parsed again.
 */
final class ReplayFile {

    private static final int RECORD = 1;

    private ReplayFile() {}

    private static TypeSerializer<Ingested> serializer() {
        return TypeInformation.of(Ingested.class).createSerializer(new SerializerConfigImpl());
    }

    static Writer create(Path file) throws IOException {
        return new Writer(new DataOutputViewStreamWrapper(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)));
    }

    static final class Writer implements Closeable {
        private final TypeSerializer<Ingested> serializer = serializer();
        private final DataOutputViewStreamWrapper out;

        private Writer(DataOutputViewStreamWrapper out) {
            this.out = out;
        }

        void write(Ingested record) throws IOException {
            out.writeByte(RECORD);
            serializer.serialize(record, out);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The job's side: a FileSource format reading the records back in order. */
    static final class Format extends SimpleStreamFormat<Ingested> {
        @Override
        public Reader<Ingested> createReader(Configuration config, FSDataInputStream stream) {
            TypeSerializer<Ingested> serializer = serializer();
            DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(new BufferedInputStream(stream, 1 << 16));
            return new Reader<>() {
                @Override
                public Ingested read() throws IOException {
                    int next = in.read();
                    if (next == -1) {
                        return null;
                    }
                    if (next != RECORD) {
                        throw new IOException("replay file damaged: expected a record marker, found " + next);
                    }
                    return serializer.deserialize(in);
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public TypeInformation<Ingested> getProducedType() {
            return TypeInformation.of(Ingested.class);
        }
    }
}
