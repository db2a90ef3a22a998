/**
 * Implementation details of LiteObs: the bounded queues, the batch writer, input normalisation and thread
 * plumbing. Nothing here is public API; it can change in any release.
 */
package io.liteobs.internal;
