package io.liteobs.internal;

import io.liteobs.LogResult;
import io.liteobs.spi.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries one queue put into the current batch: a run of its slot's list, pending writes first, so that the
 * outcome of each entry can be reported back to the queue and to a waiting caller.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
final class BatchSection<T> {

    private final List<PendingWrite<T>> pendings = new ArrayList<>();
    // begin() sets both before the writer adds anything to a section
    @SuppressWarnings("NullAway.Init")
    private RecordQueue<T> queue;
    @SuppressWarnings("NullAway.Init")
    private List<T> target;
    private int start;
    private int count;
    /** Entries settled so far, in order. */
    private int settled;

    void begin(RecordQueue<T> owner, List<T> slotList) {
        queue = owner;
        target = slotList;
        start = slotList.size();
        count = 0;
        settled = 0;
        pendings.clear();
    }

    void add(T entry) {
        target.add(entry);
        count++;
    }

    void addPending(PendingWrite<T> pending) {
        pendings.add(pending);
        add(pending.entry);
    }

    int count() {
        return count;
    }

    String component() {
        return queue.component();
    }

    /** Puts entry {@code index} of this section, alone, into an empty batch. */
    void copyEntry(int index, WriteBatch.Buffer single) {
        queue.slot(single).add(target.get(start + index));
    }

    void settleAll(LogResult outcome) {
        boolean committed = outcome == LogResult.COMMITTED;
        queue.settle(committed ? count : 0, committed ? 0 : count);
        pendings.forEach(pending -> pending.complete(outcome));
        settled = count;
    }

    void settleOne(int index, LogResult outcome) {
        boolean committed = outcome == LogResult.COMMITTED;
        queue.settle(committed ? 1 : 0, committed ? 0 : 1);
        if (index < pendings.size()) {
            pendings.get(index).complete(outcome);
        }
        settled = index + 1;
    }

    /**
     * Settles the entries not settled yet with {@code outcome}: the writer is dying in the middle of the batch.
     *
     * @return how many
     */
    int settleRest(LogResult outcome) {
        int rest = count - settled;
        for (int i = settled; i < count; i++) {
            settleOne(i, outcome);
        }
        return Math.max(0, rest);
    }
}
