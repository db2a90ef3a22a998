package io.liteobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.liteobs.http.LiteObsHttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * LiteObs's HTTP handlers on a real management server: on its own port when management.server.port differs, behind
 * Spring Security as Actuator's endpoints are.
 */
class LiteObsManagementServerTest {

    private static final String ADMIN = "admin:admin-password";

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void onTheManagementPort_theDashboardTheApiAndMetricsAnswer_andNotOnTheApplicationPort() throws Exception {
        try (ConfigurableApplicationContext context = start("--management.server.port=0")) {
            int management = Objects.requireNonNull(
                    context.getEnvironment().getProperty("local.management.port", Integer.class));
            int application = ((WebServerApplicationContext) context).getWebServer().getPort();
            assertThat(management).isNotEqualTo(application);
            assertThat(context.getBeanNamesForType(LiteObsWebFilter.class)).isEmpty();

            HttpResponse<String> page = get(management, "/liteobs/", ADMIN);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains("<title>LiteObs</title>");

            HttpResponse<String> audit = get(management, "/liteobs/api/audit?limit=10", ADMIN);
            assertThat(audit.statusCode()).isEqualTo(200);
            assertThat(audit.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));

            HttpResponse<String> metrics = get(management, "/liteobs/metrics", ADMIN);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));

            HttpResponse<String> root = get(management, "/liteobs", ADMIN);
            assertThat(root.statusCode()).isEqualTo(301);
            assertThat(root.headers().firstValue("Location")).hasValue("/liteobs/");

            assertThat(get(application, "/liteobs/", ADMIN).statusCode()).isEqualTo(404);
            assertThat(get(application, "/liteobs/api/audit", ADMIN).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void hostileParameters_areAnswered400_andRequestsWithoutCredentials401() throws Exception {
        try (ConfigurableApplicationContext context = start("--management.server.port=0")) {
            int management = Objects.requireNonNull(
                    context.getEnvironment().getProperty("local.management.port", Integer.class));

            HttpResponse<String> injection = get(management,
                    "/liteobs/api/audit?from=%27%3BDROP%20TABLE%20audit_log%3B--", ADMIN);
            assertThat(injection.statusCode()).isEqualTo(400);
            assertThat(injection.body()).contains("from");
            assertThat(get(management, "/liteobs/api/audit?limit=1e999", ADMIN).statusCode()).isEqualTo(400);
            assertThat(get(management, "/liteobs/api/audit?nosuch=1", ADMIN).statusCode()).isEqualTo(400);
            assertThat(get(management, "/liteobs/api/audit?limit=1&limit=2", ADMIN).statusCode()).isEqualTo(400);

            assertThat(get(management, "/liteobs/api/audit", null).statusCode()).isEqualTo(401);
            assertThat(get(management, "/liteobs/metrics", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void sharingTheApplicationsPort_theHandlersAnswerThere() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            assertThat(get(port, "/liteobs/", ADMIN).body()).contains("<title>LiteObs</title>");
            assertThat(get(port, "/liteobs/api/stats", ADMIN).statusCode()).isEqualTo(200);
            assertThat(get(port, "/liteobs/healthz", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void switchedOff_nothingIsServed() throws Exception {
        try (ConfigurableApplicationContext context = start("--management.server.port=0",
                "--liteobs.http-server.enabled=false")) {
            int management = Objects.requireNonNull(
                    context.getEnvironment().getProperty("local.management.port", Integer.class));

            assertThat(get(management, "/liteobs/", ADMIN).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutTheHttpServerModule_nothingIsServed() throws Exception {
        try (ConfigurableApplicationContext context = start(new FilteredClassLoader(LiteObsHttpHandler.class),
                "--management.server.port=0")) {
            int management = Objects.requireNonNull(
                    context.getEnvironment().getProperty("local.management.port", Integer.class));

            assertThat(context.getBeanNamesForType(LiteObsHttpHandler.class)).isEmpty();
            assertThat(get(management, "/liteobs/", ADMIN).statusCode()).isEqualTo(404);
        }
    }

    private ConfigurableApplicationContext start(String... arguments) {
        return start(getClass().getClassLoader(), arguments);
    }

    private ConfigurableApplicationContext start(ClassLoader classLoader, String... arguments) {
        String[] common = {"--server.port=0", "--liteobs.file=" + dir.resolve("obs.db"),
            "--liteobs.heartbeat.enabled=false", "--spring.security.user.name=admin",
            "--spring.security.user.password=admin-password"};
        String[] all = new String[common.length + arguments.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(arguments, 0, all, common.length, arguments.length);
        return new SpringApplicationBuilder(ServletApplication.class).web(WebApplicationType.SERVLET)
                .resourceLoader(new DefaultResourceLoader(classLoader)).run(all);
    }

    private HttpResponse<String> get(int port, String path, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A servlet application with every auto-configuration on the test class path, Actuator's and Security's. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServletApplication {
    }
}
