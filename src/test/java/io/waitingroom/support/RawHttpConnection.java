package io.waitingroom.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 keep-alive connection driven byte by byte, as a browser does it: requests go out
 * one after another on the same socket and every read has a deadline. HTTP clients in tests
 * hide connection reuse; this one is about exactly that.
 */
public final class RawHttpConnection implements AutoCloseable {

    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /** The server did not answer within the read deadline: the request is stuck. */
    public static final class NoAnswer extends IOException {
        public NoAnswer(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    public RawHttpConnection(String host, int port, Duration readDeadline) throws IOException {
        this.socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) readDeadline.toMillis());
        socket.setSoTimeout((int) readDeadline.toMillis());
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.host = host + ":" + port;
    }

    public Answer get(String path) throws IOException {
        return send("GET", path, Map.of(), null);
    }

    public Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
        out.write(request(method, path, headers, body));
        out.flush();
        return answer(method + " " + path);
    }

    /**
     * HTTP/1.1 pipelining: all the GETs leave in one write before any answer is read, so the
     * server always meets the second one while the first is still in progress.
     */
    public List<Answer> pipelined(String... paths) throws IOException {
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        for (String path : paths) {
            requests.write(request("GET", path, Map.of(), null));
        }
        out.write(requests.toByteArray());
        out.flush();
        List<Answer> answers = new ArrayList<>();
        for (String path : paths) {
            answers.add(answer("GET " + path + " (pipelined)"));
        }
        return answers;
    }

    private byte[] request(String method, String path, Map<String, String> headers, String body) {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Accept: */*\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        request.append("\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, whole, head.length, payload.length);
        return whole;
    }

    private Answer answer(String what) throws IOException {
        try {
            return readAnswer();
        } catch (SocketTimeoutException timeout) {
            throw new NoAnswer(what + " got no answer within " + socket.getSoTimeout() + " ms");
        }
    }

    private Answer readAnswer() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equals(headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(readLine().trim(), 16); size > 0; size = Integer.parseInt(readLine().trim(), 16)) {
                chunks.write(in.readNBytes(size));
                readLine();
            }
            readLine();
            body = chunks.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("Content-Length", "0")));
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
