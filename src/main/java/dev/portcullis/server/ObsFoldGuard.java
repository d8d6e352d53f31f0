package dev.portcullis.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import java.util.ArrayDeque;

/**
 * Finds obs-folds (a header line continued on the next line, RFC 9112 §5.2) in request heads before the
 * HTTP decoder, which would silently join them. It follows the framing (Content-Length, chunked, CONNECT)
 * so that only head bytes are examined, pipelined requests included, and it never changes a byte. The
 * verdict for each head waits in order until {@link ProxyHandler} takes it with {@link #nextHeadFolded()}.
 * When the framing can't be followed (the decoder will then refuse the request anyway), it stops looking.
 *
 * <p>Bytes behind a CONNECT head are the tunnel's, not HTTP: the decoder never sees them. They are held
 * here until the tunnel opens ({@link #takeTunnelBytes}: the relay sends them first) or, if the CONNECT
 * is refused and the connection kept, given back to the decoder as the next request ({@link #resumeHttp}).
 */
final class ObsFoldGuard extends ChannelInboundHandlerAdapter implements ByteProcessor {
    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, TUNNEL, DONE }

    private static final int MAX_HEAD = 64 * 1024;
    private static final char[] CONTENT_LENGTH = "content-length:".toCharArray();
    private static final char[] TRANSFER_ENCODING = "transfer-encoding:".toCharArray();
    private static final char[] CONNECT = "connect ".toCharArray();

    private final ArrayDeque<Boolean> verdicts = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> tunnelBytes = new ArrayDeque<>(); // what came behind a CONNECT head
    private ChannelHandlerContext ctx;
    private final char[] line = new char[128]; // the start of the current line, lower-cased (enough to parse what we need)
    private int lineLength;                    // bytes in the current line (may exceed line.length)
    private int headLength;
    private State state = State.HEAD;
    private boolean folded;
    private boolean firstLine = true;
    private boolean connect;
    private boolean chunked;
    private long contentLength;
    private long remaining;

    /** Whether the next head the decoder produced was folded; false when unknown. */
    boolean nextHeadFolded() {
        Boolean v = verdicts.poll();
        return v != null && v;
    }

    /** The bytes the client sent behind its CONNECT head, in order, now the relay's to send (and release). */
    java.util.List<ByteBuf> takeTunnelBytes() {
        java.util.List<ByteBuf> out = java.util.List.copyOf(tunnelBytes);
        tunnelBytes.clear();
        return out;
    }

    /** The CONNECT was refused and the connection stays: what came behind it is HTTP again, read as such. */
    void resumeHttp() {
        if (state != State.TUNNEL) {
            return;
        }
        state = State.HEAD;
        resetLine();
        boolean replayed = false;
        while (!tunnelBytes.isEmpty() && state != State.TUNNEL) {
            channelRead(ctx, tunnelBytes.poll());
            replayed = true;
        }
        if (replayed) {
            ctx.fireChannelReadComplete(); // as after a read from the socket: the handlers flush what it made them write
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        tunnelBytes.forEach(ByteBuf::release); // the connection closed before the tunnel took them
        tunnelBytes.clear();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (state == State.TUNNEL) {
                tunnelBytes.add(buf);
                return;
            }
            int i = buf.readerIndex();
            for (int end = buf.writerIndex(); i < end && state != State.DONE && state != State.TUNNEL; ) {
                if (state == State.BODY || state == State.CHUNK_DATA) {
                    i = skipData(i, end);
                } else { // byte by byte (forEachByte: no index and reference checks per byte) until body or data starts
                    int last = buf.forEachByte(i, end - i, this);
                    i = last < 0 ? end : last + 1;
                }
            }
            if (state == State.TUNNEL && i < buf.writerIndex()) { // the head goes on to the decoder, the rest waits
                ByteBuf head = buf.readRetainedSlice(i - buf.readerIndex());
                tunnelBytes.add(buf);
                ctx.fireChannelRead(head);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Passes over the body or chunk bytes from i (up to end) without looking at them; returns where they stop. */
    private int skipData(int i, int end) {
        long n = Math.min(remaining, end - i);
        remaining -= n;
        if (remaining == 0) {
            state = state == State.BODY ? State.HEAD : State.CHUNK_DATA_END;
            resetLine();
        }
        return i + (int) n;
    }

    /** One head, chunk-size or trailer byte; false once body or chunk data starts (or the guard stops looking). */
    @Override
    public boolean process(byte value) {
        onByte(value & 0xff);
        return state != State.BODY && state != State.CHUNK_DATA && state != State.DONE && state != State.TUNNEL;
    }

    private void onByte(int b) {
        switch (state) {
            case HEAD -> head(b);
            case CHUNK_SIZE -> chunkSize(b);
            case CHUNK_DATA_END -> {
                if (b == '\n') {
                    state = State.CHUNK_SIZE;
                    lineLength = 0;
                }
            }
            case TRAILERS -> {
                if (b == '\n') {
                    if (lineLength == 0) {
                        state = State.HEAD;
                        resetLine();
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength++;
                }
            }
            default -> { }
        }
    }

    private void head(int b) {
        if (++headLength > MAX_HEAD) {
            state = State.DONE; // the decoder refuses heads this large
            return;
        }
        if (b == '\n') {
            lineEnded();
            return;
        }
        if (b == '\r') {
            return;
        }
        if (lineLength == 0 && !firstLine && (b == ' ' || b == '\t')) {
            folded = true;
        }
        if (lineLength < line.length) {
            line[lineLength] = (char) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        lineLength++;
    }

    private void lineEnded() {
        if (lineLength == 0) {
            if (!firstLine) {
                headEnded(); // the empty line after the headers
            }
            return; // empty lines before a request line are allowed and skipped
        }
        if (firstLine) {
            connect = startsWith(CONNECT);
            firstLine = false;
        } else if (startsWith(CONTENT_LENGTH)) {
            contentLength = number(CONTENT_LENGTH.length, 10);
        } else if (startsWith(TRANSFER_ENCODING)) {
            chunked = endsWith("chunked");
        }
        lineLength = 0;
    }

    private boolean startsWith(char[] prefix) {
        if (lineLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWith(String suffix) {
        int end = Math.min(lineLength, line.length);
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return end >= suffix.length() && new String(line, end - suffix.length(), suffix.length()).equals(suffix);
    }

    /** The number after the prefix (spaces skipped), or -1 (stop following the framing) when it is not one. */
    private long number(int from, int radix) {
        int end = Math.min(lineLength, line.length);
        long v = 0;
        boolean any = false;
        for (int i = from; i < end; i++) {
            char c = line[i];
            if (c == ' ' || c == '\t') {
                if (any) {
                    break;
                }
                continue;
            }
            if (radix == 16 && c == ';') {
                break; // chunk extensions
            }
            int d = Character.digit(c, radix);
            if (d < 0 || v > (Long.MAX_VALUE >> 4)) {
                return -1;
            }
            v = v * radix + d;
            any = true;
        }
        return any ? v : -1;
    }

    private void headEnded() {
        verdicts.add(folded);
        long length = contentLength;
        boolean isChunked = chunked;
        boolean isConnect = connect;
        resetLine();
        if (length < 0) {
            state = State.DONE;
        } else if (isConnect) {
            state = State.TUNNEL; // a tunnel follows: what comes next is its bytes, unless the CONNECT is refused
        } else if (isChunked) {
            state = State.CHUNK_SIZE;
        } else if (length > 0) {
            state = State.BODY;
            remaining = length;
        }
    }

    private void chunkSize(int b) {
        if (b == '\n') {
            remaining = number(0, 16);
            lineLength = 0;
            if (remaining < 0) {
                state = State.DONE;
                return;
            }
            state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        } else if (b != '\r') {
            if (lineLength < line.length) {
                line[lineLength] = (char) b;
            }
            lineLength++;
        }
    }

    private void resetLine() {
        lineLength = 0;
        headLength = 0;
        firstLine = true;
        folded = false;
        connect = false;
        chunked = false;
        contentLength = 0;
    }
}
