package io.liteobs.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the store and the server that cuts a connection at its next {@code COMMIT}, the one moment
 * when a client cannot know what happened to its transaction: {@link Cut#AFTER_COMMIT} lets the COMMIT reach the
 * server, waits for the server's answer (so the transaction is committed) and closes the connection instead of
 * passing the answer on; {@link Cut#BEFORE_COMMIT} closes it without passing the COMMIT on (so the server rolls the
 * transaction back). Either way the client sees the same lost connection. pgjdbc sends its COMMIT by a prepared
 * statement's name after the first, so the proxy reads the client's messages ({@link FrontendMessages}) to know it.
 */
final class CommitCuttingProxy implements AutoCloseable {

    /** Where a connection is cut. */
    enum Cut {
        /** The transaction commits; its answer is lost. */
        AFTER_COMMIT,
        /** The COMMIT is lost; the server rolls the transaction back. */
        BEFORE_COMMIT
    }

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "commit-cutting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Cut> nextCut = new AtomicReference<>();
    private final AtomicInteger commitsCut = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean refuseAfterCut;

    /** Starts a proxy on a free loopback port in front of the server of the JDBC URL. */
    CommitCuttingProxy(String serverJdbcUrl) {
        URI uri = URI.create(serverJdbcUrl.substring("jdbc:".length()));
        this.server = new InetSocketAddress(uri.getHost(), uri.getPort());
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    /** The JDBC URL, with the proxy's host and port in place of the server's. */
    String proxied(String jdbcUrl) {
        return jdbcUrl.replace(server.getHostString() + ":" + server.getPort(),
                listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort());
    }

    /** Cuts the connection that next sends a COMMIT, at that point. */
    void cutNextCommit(Cut cut) {
        nextCut.set(cut);
    }

    /** Cuts the connection that next sends a COMMIT, at that point, and then refuses every connection. */
    void cutNextCommitThenRefuse(Cut cut) {
        refuseAfterCut = true;
        nextCut.set(cut);
    }

    /** How many connections were cut at a COMMIT so far. */
    int commitsCut() {
        return commitsCut.get();
    }

    /** While refusing, every open connection is closed and new ones are closed as soon as they are accepted. */
    void refuse(boolean refuse) {
        refusing = refuse;
        if (refuse) {
            sockets.forEach(this::closeQuietly);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(server.getAddress(), server.getPort());
                sockets.add(client);
                sockets.add(upstream);
                AtomicReference<Cut> cutHere = new AtomicReference<>();
                threads.execute(() -> clientToServer(client, upstream, cutHere));
                threads.execute(() -> serverToClient(upstream, client, cutHere));
            } catch (IOException e) {
                // the listener closed
            }
        }
    }

    private void clientToServer(Socket client, Socket upstream, AtomicReference<Cut> cutHere) {
        FrontendMessages messages = new FrontendMessages();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                for (FrontendMessages.Message message : messages.add(buffer, read)) {
                    if (message.commits() && nextCut.get() != null) {
                        Cut cut = nextCut.getAndSet(null);
                        if (cut == Cut.BEFORE_COMMIT) {
                            cut();
                            return;
                        }
                        cutHere.set(cut);
                    }
                    out.write(message.bytes());
                }
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the connection ends
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void serverToClient(Socket upstream, Socket client, AtomicReference<Cut> cutHere) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (cutHere.get() == Cut.AFTER_COMMIT) {
                    // the answer to the COMMIT: the transaction is committed, and the client never hears so
                    cut();
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the connection ends
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void cut() {
        commitsCut.incrementAndGet();
        if (refuseAfterCut) {
            refuseAfterCut = false;
            refuse(true);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(this::closeQuietly);
            threads.shutdownNow();
        }
    }
}
