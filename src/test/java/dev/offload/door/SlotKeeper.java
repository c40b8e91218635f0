package dev.offload.door;

import java.util.concurrent.atomic.AtomicReference;

/** A waiter that keeps the slot it is given, so a test can see when it got one and give it back. */
final class SlotKeeper implements Gate.Waiter {

    private final AtomicReference<Gate.Slot> slot = new AtomicReference<>();

    @Override
    public void enter(Gate.Slot granted) {
        if (!slot.compareAndSet(null, granted)) {
            throw new AssertionError("a waiter was given a second slot");
        }
    }

    boolean entered() {
        return slot.get() != null;
    }

    /** The slot; fails the test if none was given. */
    Gate.Slot slot() {
        Gate.Slot granted = slot.get();
        if (granted == null) {
            throw new AssertionError("this waiter has no slot");
        }
        return granted;
    }
}
