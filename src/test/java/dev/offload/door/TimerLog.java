package dev.offload.door;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Vertx;

/**
 * A Vert.x that sets and cancels timers as the real one does, and remembers both: a ticket arms its deadline as a
 * timer and must cancel it when it ends, which nothing else shows.
 */
final class TimerLog implements InvocationHandler {

    private final Vertx real;
    private final Vertx recording;
    private final List<Long> set = new CopyOnWriteArrayList<>();
    private final Map<Long, Boolean> cancelled = new ConcurrentHashMap<>();

    TimerLog(Vertx real) {
        this.real = real;
        this.recording = (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[] { Vertx.class },
                this);
    }

    /** The Vert.x to give the code under test. */
    Vertx vertx() {
        return recording;
    }

    /** The ids of the timers set, in order. */
    List<Long> set() {
        return set;
    }

    /** Each timer id cancelled, with whether it was still pending then. */
    Map<Long, Boolean> cancelled() {
        return cancelled;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        switch (method.getName()) {
            case "setTimer" -> set.add((Long) result);
            case "cancelTimer" -> cancelled.put((Long) args[0], (Boolean) result);
            default -> {
            }
        }
        return result;
    }
}
