package io.liteobs;

/**
 * What happened to the entries one recorder was given. Once the recorder is quiet (nothing being recorded, the
 * writer idle), {@code offered == persisted + dropped + rejected + failed + queued}.
 *
 * @param component the recorder: {@code audit}, {@code metrics}, {@code events}, or {@code heartbeat:<worker>}
 *                  for the heartbeat writer of one worker
 * @param offered   entries handed to the recorder, including calls after close
 * @param persisted entries committed to the store
 * @param dropped   entries dropped because the queue was full, or because the recorder was closed
 * @param rejected  entries refused as invalid (see the guarantees documentation for each case)
 * @param failed    entries the store refused or could not take before close gave up
 * @param queued    entries waiting in the queue or in the writer's current batch
 */
public record RecorderStats(String component, long offered, long persisted, long dropped, long rejected,
                            long failed, long queued) {

    /**
     * Whether every offered entry is accounted for; true whenever the recorder is quiet.
     *
     * @return whether every offered entry is accounted for
     */
    public boolean balanced() {
        return offered == persisted + dropped + rejected + failed + queued;
    }
}
