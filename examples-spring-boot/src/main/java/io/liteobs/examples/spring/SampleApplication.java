package io.liteobs.examples.spring;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot service with the LiteObs starter and nothing else of LiteObs: the starter's properties are in
 * {@code application.properties}. Its HTTP requests, Spring Security's authentication events and every Micrometer
 * meter land in the file; {@code /actuator/auditevents}, {@code /actuator/httpexchanges} and
 * {@code /actuator/liteobs} read it back, also after a restart. Actuator and LiteObs's dashboard answer on the
 * management port (8081), the dashboard at {@code /liteobs/}; alert rules come from the properties and
 * {@code alert-rules.yaml}.
 *
 * <pre>
 * mvn -pl examples-spring-boot -am package -DskipTests
 * mvn -pl examples-spring-boot exec:java -Dexec.mainClass=io.liteobs.examples.spring.SampleApplication
 * curl -u alice:alice-password localhost:8080/orders/42
 * curl -u alice:alice-password localhost:8081/actuator/httpexchanges
 * open http://localhost:8081/liteobs/ (alice, alice-password)
 * </pre>
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
                        // LiteObs's dashboard, JSON API and /metrics, on the management port beside Actuator
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/liteobs/**"))
                        .hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    /** One user with a clear-text password, for the example only: a service takes its users from its provider. */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice")
                .password("{noop}alice-password").roles("ADMIN").build());
    }

    @RestController
    static class Orders {

        @GetMapping("/orders/{id}")
        Map<String, Object> order(@PathVariable("id") String id) {
            return Map.of("id", id, "status", "shipped");
        }
    }
}
