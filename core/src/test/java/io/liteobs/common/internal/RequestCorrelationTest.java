package io.liteobs.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestCorrelationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Test
    void usableRequestId_isKept() {
        assertEquals("req-42", RequestCorrelation.requestId("req-42"));
        String longest = "a".repeat(RequestCorrelation.MAX_REQUEST_ID_LENGTH);
        assertEquals(longest, RequestCorrelation.requestId(longest));
    }

    @Test
    void missingOrUnusableRequestId_isReplacedByANewUuid() {
        for (String sent : new String[] {null, "", "two words", "line\r\nX-Injected: 1", "caf\u00e9",
                "a".repeat(RequestCorrelation.MAX_REQUEST_ID_LENGTH + 1)}) {
            String id = RequestCorrelation.requestId(sent);
            assertNotEquals(sent, id);
            assertEquals(7, UUID.fromString(id).version(), id);
        }
        assertNotEquals(RequestCorrelation.requestId(null), RequestCorrelation.requestId(null));
    }

    @Test
    void traceId_isReadFromAWellFormedTraceparent() {
        assertEquals(TRACE_ID, RequestCorrelation.traceId(TRACEPARENT));
        // a later version may add fields after a dash, and is read as version 00
        assertEquals(TRACE_ID, RequestCorrelation.traceId("01-" + TRACE_ID + "-00f067aa0ba902b7-01-future"));
        assertEquals(TRACE_ID, RequestCorrelation.traceId("01-" + TRACE_ID + "-00f067aa0ba902b7-01"));
    }

    @Test
    void traceId_isNullForAMissingOrMalformedTraceparent() {
        for (String header : new String[] {null, "", "garbage", TRACEPARENT + "-extra", TRACEPARENT.toUpperCase(),
                "ff-" + TRACE_ID + "-00f067aa0ba902b7-01", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
                "00_" + TRACE_ID + "-00f067aa0ba902b7-01", "00-" + TRACE_ID + "_00f067aa0ba902b7-01",
                "00-" + TRACE_ID + "-00f067aa0ba902b7_01", "00-" + TRACE_ID.replace('a', 'g') + "-00f067aa0ba902b7-01",
                "01-" + TRACE_ID + "-00f067aa0ba902b7-01x"}) {
            assertNull(RequestCorrelation.traceId(header), header);
        }
    }

    @Test
    void headerName_mustBeAToken() {
        assertEquals("X-Request-Id", RequestCorrelation.checkHeaderName("requestIdHeader", "X-Request-Id"));
        for (String name : new String[] {"", "X Request", "X-Id:", "X-\u00e9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RequestCorrelation.checkHeaderName("requestIdHeader", name));
            assertTrue(e.getMessage().startsWith("requestIdHeader must be an HTTP header name"), e.getMessage());
        }
    }
}
