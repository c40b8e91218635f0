package dev.offload.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.offload.error.InvalidParameterException;

/** A request id: the client's, if it is a safe token, or a new random UUID. */
class RequestIdTest {

    static final Pattern CANONICAL_UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int IETF_VARIANT = 2;
    static final int RANDOM_VERSION = 4;
    static final int SAMPLES = 1000;

    @ParameterizedTest
    @ValueSource(strings = { "a", "req-42", "A.b_c:d-E", "0123456789" })
    void aSafeHeaderIsTheId(String header) {
        assertThat(RequestId.fromHeaderOrNew(header)).isEqualTo(header);
    }

    @Test
    void aHeaderOf128CharactersIsTheLongestAccepted() {
        String longest = "x".repeat(128);
        assertThat(RequestId.fromHeaderOrNew(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> RequestId.fromHeaderOrNew(longest + "x"))
                .isInstanceOf(InvalidParameterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "a b", "a/b", "a\nb", "ä", "a;b", "<script>" })
    void anUnsafeHeaderIsA400NamingIt(String header) {
        assertThatThrownBy(() -> RequestId.fromHeaderOrNew(header)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("X-Request-Id must be 1 to 128 letters, digits or the characters . _ : -")
                .satisfies(e -> {
                    InvalidParameterException invalid = (InvalidParameterException) e;
                    assertThat(invalid.parameter()).isEqualTo(RequestId.HEADER);
                    assertThat(invalid.value()).isEqualTo(header);
                });
    }

    @Test
    void withoutAHeaderTheIdIsANewRandomVersion4UuidOfTheIetfVariant() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            String id = RequestId.fromHeaderOrNew(null);
            assertThat(id).matches(CANONICAL_UUID);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(RANDOM_VERSION);
            assertThat(uuid.variant()).isEqualTo(IETF_VARIANT);
            ids.add(id);
        }
        assertThat(ids).as("every id differs").hasSize(SAMPLES);
    }

    @Test
    void theIdTravelsAsAContextVariableNamedForIt() {
        assertThat(RequestId.VAR.name()).isEqualTo("request-id");
    }
}
