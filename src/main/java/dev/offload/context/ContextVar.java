package dev.offload.context;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Python's {@code contextvars.ContextVar} for Java threads.
 * <p>
 * Each thread holds one immutable context: a map from variable to value. {@link #set} replaces the
 * calling thread's map with a copy that has the new value, so a context captured earlier never changes.
 * {@link ContextVarProvider} has SmallRye capture the submitter's map when a task is handed to a
 * {@code ManagedExecutor} and install it on the worker for the task's duration, which gives Starlette's
 * {@code run_in_threadpool} semantics:
 * <ul>
 * <li>the worker sees the values set before submission (copied at submit time);</li>
 * <li>values the worker sets stay in the worker's copy and never reach the caller;</li>
 * <li>the worker's previous context comes back afterwards, so nothing leaks into the next task.</li>
 * </ul>
 * Like in Python, a value set with {@link #set} stays until {@link #reset} is called with its token:
 * on a pooled thread (an event loop included), always reset in a {@code finally}.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {

    /**
     * Each thread's context. {@link ContextVarProvider} hands it to SmallRye, which carries it across hops; a
     * cleared context is {@code null}, read as empty.
     */
    static final ThreadLocal<Map<ContextVar<?>, Object>> CURRENT = new ThreadLocal<>();

    private final String name;
    private final T defaultValue;

    private ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /** A variable without a default: {@link #get} returns {@code null} until it is set. */
    public static <T> ContextVar<T> named(String name) {
        return new ContextVar<>(name, null);
    }

    /** A variable whose {@link #get} returns {@code defaultValue} until it is set. */
    public static <T> ContextVar<T> named(String name, T defaultValue) {
        return new ContextVar<>(name, Objects.requireNonNull(defaultValue, "defaultValue"));
    }

    public String name() {
        return name;
    }

    /** The value in the calling thread's context, or the default. */
    @SuppressWarnings("unchecked")
    public T get() {
        Object value = context().get(this);
        return value != null ? (T) value : defaultValue;
    }

    /** Sets the value in the calling thread's context; the token restores what was there before. */
    public Token<T> set(T value) {
        Objects.requireNonNull(value, () -> "value of ContextVar " + name);
        Map<ContextVar<?>, Object> before = context();
        Map<ContextVar<?>, Object> after = new HashMap<>(before);
        after.put(this, value);
        CURRENT.set(Map.copyOf(after));
        return new Token<>(this, before.get(this));
    }

    /**
     * Restores the value this variable had before the {@link #set} that returned {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another variable
     * @throws IllegalStateException if the token was already used
     */
    public void reset(Token<T> token) {
        if (token.var() != this) {
            throw new IllegalArgumentException("the token was created by ContextVar " + token.var().name
                    + ", not " + name);
        }
        token.markUsed();
        Map<ContextVar<?>, Object> after = new HashMap<>(context());
        if (token.previous() == null) {
            after.remove(this);
        } else {
            after.put(this, token.previous());
        }
        CURRENT.set(Map.copyOf(after));
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    private static Map<ContextVar<?>, Object> context() {
        Map<ContextVar<?>, Object> context = CURRENT.get();
        return context == null ? Map.of() : context;
    }

    /**
     * What {@link #set} returns: the value to restore on {@link #reset}. Usable once, like Python's.
     *
     * @param <T> the type of the variable's value
     */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Object previous;
        private boolean used;

        private Token(ContextVar<T> var, Object previous) {
            this.var = var;
            this.previous = previous;
        }

        ContextVar<T> var() {
            return var;
        }

        Object previous() {
            return previous;
        }

        private void markUsed() {
            if (used) {
                throw new IllegalStateException("this token of ContextVar " + var.name + " has already been used");
            }
            used = true;
        }
    }
}
