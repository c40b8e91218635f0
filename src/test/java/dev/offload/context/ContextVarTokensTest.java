package dev.offload.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ContextVar} on one thread, as Python's {@code contextvars} behave: a default until set, a token per set
 * that restores exactly what was there before, once. {@code ContextVarTest} shows the same variables crossing a
 * {@code ManagedExecutor} in a running application.
 */
class ContextVarTokensTest {

    static final ContextVar<String> USER = ContextVar.named("user", "anonymous");
    static final ContextVar<String> TENANT = ContextVar.named("tenant");

    @AfterEach
    void clearThisThreadsContext() {
        ContextVar.CURRENT.remove();
    }

    @Test
    void aVariableReadsItsDefaultOrNullUntilSet() {
        assertThat(USER.get()).isEqualTo("anonymous");
        assertThat(TENANT.get()).isNull();
        assertThat(USER.name()).isEqualTo("user");
        assertThat(USER).hasToString("ContextVar[user]");
    }

    @Test
    void eitherFactoryMakesAVariableReadyForUse() {
        ContextVar<Integer> withDefault = ContextVar.named("attempt", 1);
        ContextVar<Integer> withoutDefault = ContextVar.named("limit");

        assertThat(withDefault.get()).isEqualTo(1);
        assertThat(withoutDefault.get()).isNull();
        withoutDefault.set(5);
        assertThat(withoutDefault.get()).isEqualTo(5);
    }

    @Test
    void aTokenRestoresWhatTheVariableHeldBeforeItsSet() {
        ContextVar.Token<String> outer = USER.set("ada");
        ContextVar.Token<String> inner = USER.set("grace");
        assertThat(USER.get()).isEqualTo("grace");

        USER.reset(inner);
        assertThat(USER.get()).isEqualTo("ada");
        USER.reset(outer);
        assertThat(USER.get()).isEqualTo("anonymous");
        assertThat(ContextVar.CURRENT.get()).as("no value is left behind for the variable").doesNotContainKey(USER);
    }

    @Test
    void settingOrResettingOneVariableLeavesTheOthersAlone() {
        ContextVar.Token<String> user = USER.set("ada");
        TENANT.set("acme");

        USER.reset(user);

        assertThat(TENANT.get()).isEqualTo("acme");
        assertThat(USER.get()).isEqualTo("anonymous");
    }

    @Test
    void aContextTakenEarlierNeverChanges() {
        USER.set("ada");
        Map<ContextVar<?>, Object> taken = ContextVar.CURRENT.get();

        ContextVar.Token<String> token = USER.set("grace");
        TENANT.set("acme");
        USER.reset(token);

        assertThat(taken).containsExactly(Map.entry(USER, "ada"));
    }

    @Test
    void aTokenWorksOnceAndOnlyForItsOwnVariable() {
        ContextVar.Token<String> token = USER.set("ada");
        ContextVar.Token<String> tenants = TENANT.set("acme");

        assertThatThrownBy(() -> USER.reset(tenants)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the token was created by ContextVar tenant, not user");
        assertThat(USER.get()).as("a refused reset changes nothing").isEqualTo("ada");
        assertThat(TENANT.get()).isEqualTo("acme");

        USER.reset(token);
        assertThatThrownBy(() -> USER.reset(token)).isInstanceOf(IllegalStateException.class)
                .hasMessage("this token of ContextVar user has already been used");
    }

    @Test
    void nullIsNeitherANameNorADefaultNorAValue() {
        assertThatThrownBy(() -> ContextVar.named(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> ContextVar.named("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("defaultValue");
        assertThatThrownBy(() -> USER.set(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value of ContextVar user");
    }
}
