package io.streamcast.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.util.FlinkUserCodeClassLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code streamcast}: the command line. A new subcommand goes into {@code subcommands} below; a
 * local-only one (its class in {@code io.streamcast.local}, which the cluster jar leaves out) into
 * {@link #LOCAL_SUBCOMMANDS}, which are added only where their class is present.
 */
@Command(name = "streamcast", mixinStandardHelpOptions = true, versionProvider = StreamcastCli.Version.class,
        description = "Per-key LSTM forecasts over event-time windows of Kafka ticks, on Apache Flink.",
        subcommands = {RunCommand.class, BacktestCommand.class})
public final class StreamcastCli implements Callable<Integer> {

    /** Commands of the local launcher, by class name, in the order they are listed. */
    static final List<String> LOCAL_SUBCOMMANDS = List.of("io.streamcast.local.DemoCommand",
            "io.streamcast.local.BenchCommand");

    /** A bad value given by the user: the exit code picocli uses for usage errors. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** The command failed for another reason (the job failed, Kafka was unreachable, ...). */
    public static final int FAILED = CommandLine.ExitCode.SOFTWARE;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = execute(args);
        if (StreamcastCli.class.getClassLoader() instanceof FlinkUserCodeClassLoader) {
            // Run by Flink from the job jar (flink run, or the REST API inside the JobManager):
            // System.exit would end Flink's own JVM, so a failure is reported by an exception.
            if (exitCode != 0) {
                throw new IllegalStateException("streamcast failed with exit code " + exitCode + " (see the log)");
            }
            return;
        }
        System.exit(exitCode);
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line writing to {@code out} and {@code err}, for tests. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StreamcastCli());
        for (String name : LOCAL_SUBCOMMANDS) {
            try {
                cli.addSubcommand(Class.forName(name).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                // Not in this jar (the cluster job jar).
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create the subcommand " + name, e);
            }
        }
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli;
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** One line saying what is wrong, one saying where to read more; no usage dump, no stack trace. */
    static final class UsageErrorHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cli = ex.getCommandLine();
            PrintWriter err = cli.getErr();
            err.println(cli.getColorScheme().errorText(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        }
    }

    /**
     * A command that fails while running: an IllegalArgumentException is a bad setting found late
     * and reported like a usage error; anything else is reported by its causes' messages on one
     * line, with the stack trace only when {@code STREAMCAST_DEBUG} is set.
     */
    static final class FailureHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
            if (ex instanceof IllegalArgumentException) {
                return new UsageErrorHandler().handleParseException(
                        new ParameterException(cli, ex.getMessage(), ex), parseResult.originalArgs().toArray(new String[0]));
            }
            PrintWriter err = cli.getErr();
            err.println(cli.getCommandSpec().qualifiedName() + " failed: " + causes(ex));
            if (System.getenv("STREAMCAST_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set STREAMCAST_DEBUG=1 for the stack trace)");
            }
            err.flush();
            return FAILED;
        }

        static String causes(Throwable ex) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = ex; t != null && t != t.getCause(); t = t.getCause()) {
                String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
                if (text.indexOf(message) < 0) {
                    text.append(text.length() == 0 ? "" : ": ").append(message);
                }
            }
            return text.toString();
        }
    }

    /** The version from the jar's manifest, or that of a development build. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StreamcastCli.class.getPackage().getImplementationVersion();
            return new String[] {"streamcast " + (version != null ? version : "(development build)"),
                "Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
                        + ", Java " + System.getProperty("java.version")};
        }
    }
}
