/**
 * Helpers that LiteObs's own modules share: named daemon threads, throttled logging, this JVM's runtime figures
 * and a process CPU window.
 *
 * <p>Internal: nothing here is public API and it may change in any release. For LiteObs's own modules only, never
 * for applications (the build checks that user-facing code does not import it).
 */
@NullMarked
package io.liteobs.common.internal;

import org.jspecify.annotations.NullMarked;
