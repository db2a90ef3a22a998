package io.liteobs;

/**
 * How many HTTP requests of one method and route were answered with one status in a range
 * ({@link HttpCountQuery}), and how many of those took at most the query's threshold.
 *
 * @param method          the request method
 * @param route           the route template
 * @param status          the response status
 * @param requests        how many requests started in the range
 * @param withinThreshold how many of them took at most the query's threshold; all of them without one
 */
public record HttpRequestCount(String method, String route, int status, long requests, long withinThreshold) {
}
