package dev.offload.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import dev.offload.antipattern.AntiPatternConfig;
import dev.offload.antipattern.SleepOnEventLoopResource;
import dev.offload.door.LaneDeclarations;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What a load may be sent to: every endpoint behind the door ({@link LaneDeclarations}), its path parameters filled
 * with the examples of the service's own OpenAPI document; and the anti-pattern control, while it is switched on.
 * They are read as Quarkus prepares the document at start-up (this is a runtime filter that changes nothing), so
 * there is no second list of paths to drift from the endpoints.
 */
@Singleton
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class Strategies implements OASFilter {

    /** The control's path, from its own resource class. */
    static final String CONTROL_PATH = SleepOnEventLoopResource.class.getAnnotation(Path.class).value();

    /**
     * One target for a load.
     *
     * @param id the operation's id in the OpenAPI document, e.g. {@code syncRoute}
     * @param method its HTTP method
     * @param path the path requested, path parameters filled with their documented examples
     * @param lane its lane ({@code x-offload-lane}); none for the control, which runs on the event loop
     * @param summary the operation's summary
     * @param control whether it is the anti-pattern control, which blocks the event loop on purpose
     */
    public record Strategy(String id, String method, String path, @Schema(nullable = true) String lane,
            String summary, boolean control) {
    }

    /** The lanes in the order of the README's table; a lane not named here comes after them. */
    static final List<String> LANE_ORDER = List.of("to-thread", "sync-route", "virtual-thread", "run-in-threadpool",
            "cpu-pool", "calc", "compute", "context");

    private final AntiPatternConfig antiPattern;
    private final LaneDeclarations declarations;
    private volatile List<Strategy> behindTheDoor = List.of();
    private volatile Optional<Strategy> control = Optional.empty();

    Strategies(AntiPatternConfig antiPattern, LaneDeclarations declarations) {
        this.antiPattern = antiPattern;
        this.declarations = declarations;
    }

    private String laneOf(String path, PathItem.HttpMethod method) {
        return declarations.all().stream()
                .filter(endpoint -> endpoint.path().equals(path) && endpoint.httpMethod().equals(method.name()))
                .map(LaneDeclarations.Declared::lane).findFirst().orElse(null);
    }

    private static int rank(String lane) {
        int rank = LANE_ORDER.indexOf(lane);
        return rank < 0 ? LANE_ORDER.size() : rank;
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        List<Strategy> found = new ArrayList<>();
        Optional<Strategy> theControl = Optional.empty();
        Map<String, PathItem> paths = document.getPaths() == null ? Map.of() : document.getPaths().getPathItems();
        for (Map.Entry<String, PathItem> path : paths.entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                String lane = laneOf(path.getKey(), entry.getKey());
                boolean isControl = path.getKey().equals(CONTROL_PATH);
                if (lane == null && !isControl) {
                    continue;
                }
                Optional<String> requested = withExamples(path.getKey(), operation);
                if (requested.isEmpty()) {
                    continue; // a path parameter without an example: nothing to send
                }
                Strategy strategy = new Strategy(operation.getOperationId(), entry.getKey().name(), requested.get(),
                        lane, operation.getSummary(), isControl);
                if (isControl) {
                    theControl = Optional.of(strategy);
                } else {
                    found.add(strategy);
                }
            }
        }
        // In the lanes' order (the order of the README's table), then by path.
        found.sort(Comparator.comparing((Strategy strategy) -> rank(strategy.lane()))
                .thenComparing(Strategy::path).thenComparing(Strategy::method));
        behindTheDoor = List.copyOf(found);
        control = theControl;
    }

    private static Optional<String> withExamples(String template, Operation operation) {
        String path = template;
        for (Parameter parameter : operation.getParameters() == null ? List.<Parameter> of() : operation.getParameters()) {
            if (parameter.getIn() == Parameter.In.PATH) {
                if (parameter.getExample() == null) {
                    return Optional.empty();
                }
                path = path.replace("{" + parameter.getName() + "}", parameter.getExample().toString());
            }
        }
        return Optional.of(path);
    }

    /** The strategies a load may use now: those behind the door, then the control if it is switched on. */
    public List<Strategy> available() {
        List<Strategy> available = new ArrayList<>(behindTheDoor);
        if (antiPattern.enabled()) {
            control.ifPresent(available::add);
        }
        return available;
    }

    /** The available strategy with this id. */
    public Optional<Strategy> named(String id) {
        return available().stream().filter(strategy -> strategy.id().equals(id)).findFirst();
    }

    /** Their ids, as the document writes them, for a 400's message. */
    static String ids(List<Strategy> strategies) {
        return String.join(", ", strategies.stream().map(Strategy::id).toList());
    }
}
