package io.streamcast.cli;

import io.streamcast.bars.Aggregation;
import io.streamcast.job.StateBackend;
import io.streamcast.model.lstm.InputFeatures;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an enum constant written in lower case with hyphens ({@code value-and-calendar} for
 * {@code VALUE_AND_CALENDAR}), in any case.
 */
public abstract class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {

    private final Class<E> type;

    protected EnumConverter(Class<E> type) {
        this.type = type;
    }

    /** How the command line writes {@code constant}. */
    public static String cliName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (cliName(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(EnumConverter::cliName).collect(Collectors.joining(", ")));
    }

    public static final class AggregationConverter extends EnumConverter<Aggregation> {
        public AggregationConverter() {
            super(Aggregation.class);
        }
    }

    public static final class FeaturesConverter extends EnumConverter<InputFeatures> {
        public FeaturesConverter() {
            super(InputFeatures.class);
        }
    }

    public static final class StateBackendConverter extends EnumConverter<StateBackend> {
        public StateBackendConverter() {
            super(StateBackend.class);
        }
    }
}
