package io.streamcast.local;

import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Sends every log line of this JVM (Flink's, Kafka's, ND4J's and the job's own) to a file instead
 * of the console, so that the demo's console shows only the demo's own lines: its progress, the
 * forecasts and the summary. Which loggers log at which level stays as the log4j configuration
 * says; only where their lines go changes, for the rest of the JVM's life.
 */
final class DemoLog {

    private static final String APPENDER = "streamcast-demo-log";
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n";

    private DemoLog() {}

    static void redirectTo(Path file) {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration config = context.getConfiguration();
        Appender toFile = FileAppender.newBuilder()
                .setName(APPENDER)
                .withFileName(file.toString())
                .withAppend(false)
                .setLayout(PatternLayout.newBuilder().withPattern(PATTERN).withConfiguration(config).build())
                .setConfiguration(config)
                .build();
        if (toFile == null) {
            throw new IllegalStateException("cannot write the demo's log file " + file
                    + " (log4j's status lines above say why)");
        }
        toFile.start();
        config.addAppender(toFile);
        redirect(config.getRootLogger(), toFile);
        config.getLoggers().values().forEach(logger -> redirect(logger, toFile));
        context.updateLoggers();
    }

    /** Only loggers that name appenders of their own have any; the rest pass lines up to the root. */
    private static void redirect(LoggerConfig logger, Appender toFile) {
        if (logger.getAppenders().isEmpty()) {
            return;
        }
        List.copyOf(logger.getAppenders().keySet()).forEach(logger::removeAppender);
        logger.addAppender(toFile, null, null);
    }
}
