package dev.offload.calc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.offload.error.InvalidParameterException;

/** Where {@code /calc/{x}} runs {@link SquarePlus}. */
public enum Mode {
    /** On a worker thread: {@code await asyncio.to_thread(compute_heavy_task, x)}. */
    SYNC,
    /** On the event loop after a non-blocking delay: {@code await compute_heavy_task_async(x)}. */
    ASYNC,
    /** {@code SYNC} below the configured threshold, {@code ASYNC} from it on. */
    AUTO;

    /** The name clients use: {@code sync}, {@code async}, {@code auto}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidParameterException naming {@code parameter} if {@code raw} is no mode
     */
    public static Mode parse(String parameter, String raw) {
        for (Mode mode : values()) {
            if (mode.wireName().equals(raw)) {
                return mode;
            }
        }
        String accepted = Arrays.stream(values()).map(Mode::wireName).collect(Collectors.joining(", "));
        throw new InvalidParameterException(parameter, raw, "must be one of " + accepted);
    }
}
