package dev.portcullis.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Finds obs-folds (a header line continued on the next line, RFC 9112 §5.2) in request heads before the
 * HTTP decoder, which would silently join them. It follows the framing (Content-Length, chunked, CONNECT)
 * so that only head bytes are examined, pipelined requests included, and it never changes a byte. The
 * verdict for each head waits in order until {@link ProxyHandler} takes it with {@link #nextHeadFolded()}.
 * When the framing can't be followed (the decoder will then refuse the request anyway), it stops looking.
 */
final class ObsFoldGuard extends ChannelInboundHandlerAdapter {
    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, DONE }

    private static final int MAX_HEAD = 64 * 1024;

    private final ArrayDeque<Boolean> verdicts = new ArrayDeque<>();
    private final StringBuilder head = new StringBuilder(256);
    private final StringBuilder line = new StringBuilder(16);
    private State state = State.HEAD;
    private boolean folded;
    private boolean lineStart = true;
    private boolean firstLine = true;
    private long remaining;
    private int prev = -1;

    /** Whether the next head the decoder produced was folded; false when unknown. */
    boolean nextHeadFolded() {
        Boolean v = verdicts.poll();
        return v != null && v;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && state != State.DONE) {
            for (int i = buf.readerIndex(); i < buf.writerIndex() && state != State.DONE; i++) {
                i = step(buf, i);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Consumes the byte at i (or a run of body bytes from i); returns the last index consumed. */
    private int step(ByteBuf buf, int i) {
        switch (state) {
            case BODY, CHUNK_DATA -> {
                long n = Math.min(remaining, buf.writerIndex() - i);
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.BODY ? State.HEAD : State.CHUNK_DATA_END;
                    resetLine();
                }
                return i + (int) n - 1;
            }
            default -> {
                onByte(buf.getByte(i) & 0xff);
                return i;
            }
        }
    }

    private void onByte(int b) {
        switch (state) {
            case HEAD -> head(b);
            case CHUNK_SIZE -> chunkSize(b);
            case CHUNK_DATA_END -> {
                if (b == '\n') {
                    state = State.CHUNK_SIZE;
                    line.setLength(0);
                }
            }
            case TRAILERS -> {
                if (b == '\n') {
                    if (line.isEmpty()) {
                        state = State.HEAD;
                        resetLine();
                    }
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append('x');
                }
            }
            default -> { }
        }
    }

    private void head(int b) {
        if (lineStart && !firstLine && (b == ' ' || b == '\t') && prev == '\n') {
            folded = true;
        }
        if (firstLine && lineStart && (b == '\r' || b == '\n')) {
            prev = b; // empty lines before a request line are allowed and skipped
            return;
        }
        lineStart = b == '\n';
        if (b == '\n') {
            boolean empty = head.length() >= 1 && head.charAt(head.length() - 1) == '\n'
                    || head.length() >= 2 && head.charAt(head.length() - 1) == '\r' && head.charAt(head.length() - 2) == '\n';
            head.append('\n');
            firstLine = false;
            if (empty) {
                headEnded();
            }
        } else if (head.length() < MAX_HEAD) {
            head.append((char) b);
        } else {
            state = State.DONE; // the decoder refuses heads this large
        }
        prev = b;
    }

    private void headEnded() {
        verdicts.add(folded);
        String h = head.toString().toLowerCase(Locale.ROOT);
        boolean connect = h.startsWith("connect ");
        long length = 0;
        boolean chunked = false;
        for (String l : h.split("\n")) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = l.substring(0, colon).trim();
            String value = l.substring(colon + 1).trim();
            if (name.equals("transfer-encoding")) {
                chunked = value.endsWith("chunked");
            } else if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    state = State.DONE;
                    return;
                }
            }
        }
        head.setLength(0);
        folded = false;
        firstLine = true;
        if (connect) {
            state = State.DONE; // a tunnel follows: no more HTTP on this connection
        } else if (chunked) {
            state = State.CHUNK_SIZE;
            line.setLength(0);
        } else if (length > 0) {
            state = State.BODY;
            remaining = length;
        } else {
            resetLine();
        }
    }

    private void chunkSize(int b) {
        if (b == '\n') {
            String size = line.toString();
            int semi = size.indexOf(';');
            size = (semi >= 0 ? size.substring(0, semi) : size).trim();
            line.setLength(0);
            try {
                remaining = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                state = State.DONE;
                return;
            }
            state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        } else if (b != '\r' && line.length() < 64) {
            line.append((char) b);
        }
    }

    private void resetLine() {
        lineStart = true;
        firstLine = true;
        prev = -1;
        head.setLength(0);
        line.setLength(0);
    }
}
