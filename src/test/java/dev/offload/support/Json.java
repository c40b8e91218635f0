package dev.offload.support;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads an answer's JSON into maps and lists, quickly: for the tests that check hundreds of answers. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static Map<String, Object> parse(String body) {
        try {
            return MAPPER.readValue(body, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON object: " + body, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        return (List<Map<String, Object>>) object.get(key);
    }
}
