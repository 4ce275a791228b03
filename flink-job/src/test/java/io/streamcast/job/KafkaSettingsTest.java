package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void clientPropertiesCannotOverrideWhatTheJobSets() {
        for (String owned : KafkaSettings.OWNED) {
            assertThatThrownBy(() -> new KafkaSettings("b:9092", "t", "f", "t-dlq", "g", "p", Map.of(owned, "x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(owned);
        }
    }

    @Test
    void secretsNeverShowInItsText() {
        KafkaSettings kafka = new KafkaSettings("b:9092", "t", "f", "t-dlq", "g", "p",
                Map.of("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"u\" password=\"hunter2\";", "ssl.truststore.password", "s3cret"));
        assertThat(kafka.toString()).contains("sasl.jaas.config", "ssl.truststore.password")
                .doesNotContain("hunter2", "s3cret");
        JobConfig config = JobConfig.builder(kafka).build();
        assertThat(config.toString()).doesNotContain("hunter2", "s3cret");
    }
}
