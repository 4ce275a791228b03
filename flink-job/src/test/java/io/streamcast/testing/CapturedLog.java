package io.streamcast.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every line this JVM logs from now until {@link #close}, as "logger LEVEL message", whatever the
 * loggers' own appenders: a test reads what a user would have seen.
 */
public final class CapturedLog implements AutoCloseable {

    private static final String NAME = "captured-log";

    private final LoggerContext context;
    private final StringWriter lines = new StringWriter();

    private CapturedLog(LoggerContext context) {
        this.context = context;
        Configuration config = context.getConfiguration();
        WriterAppender capture = WriterAppender.newBuilder()
                .setName(NAME)
                .setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %level %msg%n").withConfiguration(config).build())
                .build();
        capture.start();
        config.getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
    }

    /** From now on, under the configuration the JVM has at this moment. */
    public static CapturedLog start() {
        return new CapturedLog((LoggerContext) LogManager.getContext(false));
    }

    public String lines() {
        return lines.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(NAME);
        context.updateLoggers();
    }
}
