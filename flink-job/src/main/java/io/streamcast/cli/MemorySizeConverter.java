package io.streamcast.cli;

import org.apache.flink.configuration.MemorySize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a memory size as Flink's configuration does ({@link MemorySize#parse}): {@code 512m},
 * {@code 1g}, {@code 256mb}. A bare number is bytes to Flink, which nobody means for managed
 * memory, so it is refused. Picocli prefixes the message with the option's name.
 */
public final class MemorySizeConverter implements ITypeConverter<MemorySize> {

    private static final String HOW = "write it like 512m or 1g";

    @Override
    public MemorySize convert(String text) {
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            throw new TypeConversionException("'" + text + "' has no unit; " + HOW);
        }
        try {
            return MemorySize.parse(t);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' is not a memory size; " + HOW);
        }
    }
}
