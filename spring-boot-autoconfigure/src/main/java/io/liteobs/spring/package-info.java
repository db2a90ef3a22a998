/**
 * Spring Boot auto-configuration for LiteObs: a {@code LiteObs} over the file named by {@code liteobs.file}, its
 * Micrometer registry beside Boot's, JVM and host metrics, heartbeats, the servlet filter with Spring MVC's route
 * templates, and, with Actuator, durable audit events and HTTP exchanges, a health indicator and a {@code liteobs}
 * endpoint. Each bean backs off when the application defines its own.
 */
@NullMarked
package io.liteobs.spring;

import org.jspecify.annotations.NullMarked;
