package dev.offload.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import dev.offload.observe.PingResource;

/**
 * How an endpoint's {@link Lane} is read: its HTTP method, its whole path template (the class's and the method's, as
 * JAX-RS joins them), and the Vert.x route the door answers full lanes on. The classes here carry no {@code @Path}
 * of their own, or Quarkus would serve them (and refuse to start on the bad ones): the base path is given instead.
 */
class LaneDeclarationsTest {

    static class Reports {
        @GET
        @Lane("reports")
        public String all() {
            return "";
        }

        @POST
        @Path("{id}/rebuild")
        @Lane("rebuild")
        public String rebuild() {
            return "";
        }

        @GET
        @Path("/plain")
        public String noLane() {
            return "";
        }
    }

    static class Other {
        @GET
        @Path("{x}")
        @Lane("reports")
        public String byId() {
            return "";
        }

        @GET
        @Path("fixed/longer/path")
        @Lane("other")
        public String fixed() {
            return "";
        }
    }

    static class BadName {
        @GET
        @Lane("Not A Key")
        public String bad() {
            return "";
        }
    }

    static class NoHttpMethod {
        @Lane("helper")
        public String helper() {
            return "";
        }
    }

    @Test
    void eachAnnotatedEndpointIsDeclaredWithItsMethodAndWholePath() {
        assertThat(LaneDeclarations.declaredIn(Reports.class, "/reports/")).containsExactlyInAnyOrder(
                new LaneDeclarations.Declared("GET", "/reports", "reports"),
                new LaneDeclarations.Declared("POST", "/reports/{id}/rebuild", "rebuild"));
    }

    @Test
    void aPathParameterBecomesAVertxRouteParameter() {
        assertThat(new LaneDeclarations.Declared("GET", "/calc/{x}", "calc").vertxPath()).isEqualTo("/calc/:x");
        assertThat(new LaneDeclarations.Declared("GET", "/a/{x}/b/{y:[0-9]+}", "a").vertxPath())
                .isEqualTo("/a/:x/b/:y");
        assertThat(new LaneDeclarations.Declared("GET", "/sync-route/virtual", "v").vertxPath())
                .isEqualTo("/sync-route/virtual");
    }

    @Test
    void theStartUpScanPutsTheMostLiteralPathsFirstAndKnowsEachMethodsLane() throws NoSuchMethodException {
        Map<Class<?>, String> resources = new LinkedHashMap<>();
        resources.put(Reports.class, "/reports");
        resources.put(Other.class, "/other");

        LaneDeclarations declarations = new LaneDeclarations(resources);

        // Literal characters: 24, 17, 8, 7; as JAX-RS matches, /other/fixed/... before /other/{x}.
        assertThat(declarations.all()).containsExactly(
                new LaneDeclarations.Declared("GET", "/other/fixed/longer/path", "other"),
                new LaneDeclarations.Declared("POST", "/reports/{id}/rebuild", "rebuild"),
                new LaneDeclarations.Declared("GET", "/reports", "reports"),
                new LaneDeclarations.Declared("GET", "/other/{x}", "reports"));
        assertThat(declarations.lanes()).containsExactly("other", "rebuild", "reports");
        assertThat(declarations.laneOf(Reports.class.getDeclaredMethod("rebuild"))).hasValue("rebuild");
        assertThat(declarations.laneOf(Other.class.getDeclaredMethod("byId"))).hasValue("reports");
        assertThat(declarations.laneOf(Reports.class.getDeclaredMethod("noLane"))).isEmpty();
    }

    @Test
    void theResourcesAreTheBeanClassesWithAPathEachOnce() {
        assertThat(LaneDeclarations.resources(List.of(PingResource.class, Reports.class, PingResource.class)))
                .containsExactly(Map.entry(PingResource.class, "/ping"));
    }

    @Test
    void aLaneNameMustBeAConfigurationKeySegment() {
        assertThatThrownBy(() -> LaneDeclarations.declaredIn(BadName.class, "/bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@Lane(\"Not A Key\")");
    }

    @Test
    void onlyAnEndpointCanJoinALane() {
        assertThatThrownBy(() -> LaneDeclarations.declaredIn(NoHttpMethod.class, "/bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no HTTP method");
    }

    @Test
    void pathsJoinAsJaxRsJoinsThem() {
        assertThat(LaneDeclarations.join("/a/", "/b/")).isEqualTo("/a/b");
        assertThat(LaneDeclarations.join("a", "")).isEqualTo("/a");
        assertThat(LaneDeclarations.join("/", "")).isEqualTo("/");
        assertThat(LaneDeclarations.literalLength("/sync-route/virtual")).isEqualTo(19);
        assertThat(LaneDeclarations.literalLength("/sync-route/{how}")).isEqualTo(12);
    }
}
