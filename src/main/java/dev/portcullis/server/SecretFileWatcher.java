package dev.portcullis.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Watches the folders of the secret files a config read, and asks for a reload when anything in them
 * changes. Folders, not files: Kubernetes rotates a mounted secret by swapping a symlink next to it.
 * Changes that come together are folded into one reload.
 */
final class SecretFileWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SecretFileWatcher.class.getName());

    private final WatchService watcher;
    private final Runnable reload;
    private final Set<Path> watched = new HashSet<>();
    private final Set<Path> files = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread thread;

    SecretFileWatcher(Runnable reload) throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        this.reload = reload;
        this.thread = new Thread(this::run, "portcullis-secret-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Watches the folders of these files (those already watched stay watched). */
    synchronized void watch(List<Path> newFiles) {
        List<Path> files = newFiles;
        for (Path f : files) {
            this.files.add(f);
            Path dir = f.getParent();
            if (dir != null && watched.add(dir)) {
                try {
                    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                } catch (IOException e) {
                    LOG.warning("cannot watch " + dir + " for secret rotation (" + e.getMessage()
                            + "); a rotated secret there is picked up at the next reload (SIGHUP)");
                }
            }
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = relevant(key);
                // fold a burst of changes (write, rename, symlink swap) into one reload
                WatchKey more;
                while ((more = watcher.poll(200, TimeUnit.MILLISECONDS)) != null) {
                    relevant |= relevant(more);
                }
                if (!relevant) {
                    continue;
                }
                LOG.info("a secret file changed: reloading the config");
                reload.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** A change to a watched file itself, or to Kubernetes' "..data" link next to it; other files don't count. */
    private boolean relevant(WatchKey key) {
        Path dir = (Path) key.watchable();
        boolean hit = false;
        for (var event : key.pollEvents()) {
            if (event.context() instanceof Path name) {
                hit |= name.toString().startsWith("..") || files.contains(dir.resolve(name));
            } else {
                hit = true; // overflow: events were lost, reload to be safe
            }
        }
        key.reset();
        return hit;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
