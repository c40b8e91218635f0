package dev.offload.door;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * Every endpoint that joins a lane ({@link Lane}), found once when the application starts, from the resource classes
 * CDI knows: the door's gates, its route before routing and the OpenAPI document all come from this one list, so a
 * new endpoint needs nothing but its annotation. A lane name that is not a configuration key's segment fails the
 * start.
 */
@Singleton
public class LaneDeclarations {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * One endpoint behind the door.
     *
     * @param httpMethod {@code GET}, {@code POST}, ...
     * @param path its path template as JAX-RS and the OpenAPI document write it, e.g. {@code /calc/{x}}
     * @param lane the lane it joins
     */
    public record Declared(String httpMethod, String path, String lane) {

        /** The path as a Vert.x Web route writes it: {@code /calc/:x}. */
        String vertxPath() {
            return path.replaceAll("\\{([^}/:]+)(:[^}]*)?}", ":$1");
        }
    }

    private final List<Declared> declared;
    private final Map<Method, String> lanesByMethod = new HashMap<>();

    @Inject
    LaneDeclarations(BeanManager beans) {
        this(resources(beans.getBeans(Object.class, Any.Literal.INSTANCE).stream().<Class<?>> map(Bean::getBeanClass)
                .toList()));
    }

    /** The resource classes among {@code beanClasses}, those with a {@code @Path}: each once, with that path. */
    static Map<Class<?>, String> resources(Collection<Class<?>> beanClasses) {
        Map<Class<?>, String> found = new LinkedHashMap<>();
        for (Class<?> type : beanClasses) {
            Path path = type.getAnnotation(Path.class);
            if (path != null) {
                found.putIfAbsent(type, path.value());
            }
        }
        return found;
    }

    /** The lanes the methods of {@code resources} (each class with its base path) declare. */
    LaneDeclarations(Map<Class<?>, String> resources) {
        List<Declared> found = new ArrayList<>();
        resources.forEach((type, base) -> {
            for (Method method : type.getDeclaredMethods()) {
                declaredBy(type, base, method).ifPresent(endpoint -> {
                    found.add(endpoint);
                    lanesByMethod.put(method, endpoint.lane());
                });
            }
        });
        // As JAX-RS matches: a path with more literal characters first (/a/b before /a/{x}).
        found.sort(Comparator.comparingInt((Declared d) -> -literalLength(d.path())).thenComparing(Declared::path));
        this.declared = List.copyOf(found);
    }

    /** The endpoints of {@code resource} with a lane, its own paths taken under {@code base}. */
    static List<Declared> declaredIn(Class<?> resource, String base) {
        List<Declared> found = new ArrayList<>();
        for (Method method : resource.getDeclaredMethods()) {
            declaredBy(resource, base, method).ifPresent(found::add);
        }
        return found;
    }

    /**
     * The endpoint {@code method} declares, if it has a {@link Lane}.
     *
     * @throws IllegalArgumentException if the lane's name is no configuration key's segment, or the method is no
     *         endpoint
     */
    static Optional<Declared> declaredBy(Class<?> resource, String base, Method method) {
        Lane lane = method.getAnnotation(Lane.class);
        if (lane == null) {
            return Optional.empty();
        }
        if (!NAME.matcher(lane.value()).matches()) {
            throw new IllegalArgumentException(resource.getName() + "." + method.getName() + ": @Lane(\"" + lane.value()
                    + "\") is not a lane name (lower-case letters, digits and single dashes)");
        }
        String httpMethod = httpMethodOf(method);
        if (httpMethod == null) {
            throw new IllegalArgumentException(resource.getName() + "." + method.getName()
                    + " has a @Lane but no HTTP method: only an endpoint can join a lane");
        }
        Path sub = method.getAnnotation(Path.class);
        return Optional.of(new Declared(httpMethod, join(base, sub == null ? "" : sub.value()), lane.value()));
    }

    private static String httpMethodOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static int literalLength(String template) {
        return template.replaceAll("\\{[^}/]+}", "").length();
    }

    /** The lane of a resource method, as found at start-up; empty for a method that joins none. */
    public Optional<String> laneOf(Method method) {
        return Optional.ofNullable(lanesByMethod.get(method));
    }

    /** Every endpoint with a lane, the most literal paths first. */
    public List<Declared> all() {
        return declared;
    }

    /** The lanes' names, each once, in the order of {@link #all()}. */
    public Set<String> lanes() {
        Set<String> names = new LinkedHashSet<>();
        declared.forEach(d -> names.add(d.lane()));
        return names;
    }
}
