package dev.portcullis.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operating system's resolver (getaddrinfo, /etc/hosts), run on a small pool off the event loops.
 * The caller bounds the wait (a lookup that hangs costs a pool thread, never an event loop).
 */
public final class SystemResolver implements HostResolver {
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "portcullis-dns");
        t.setDaemon(true);
        return t;
    });

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, pool);
    }
}
