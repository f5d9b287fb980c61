package io.github.ecspreflight.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * ECS and IAM on a loopback port, answering their wire formats as the AWS documentation shows them: ECS's AWS JSON 1.1
 * ({@code POST /}, {@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.OPERATION}, errors as {@code __type}) and
 * IAM's query protocol ({@code Action=OPERATION} in a form body, XML answers, {@code ErrorResponse} errors). Each
 * operation answers a script of one-time responses first, then its standing response; every request is recorded.
 */
public final class AwsStub implements AutoCloseable {

    static final String ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final String JSON = "application/x-amz-json-1.1";
    static final String XML = "text/xml";

    /** A recorded request: the operation, the request line's URI, the headers (lower-case names) and the body. */
    record Request(String operation, String uri, Map<String, String> headers, String body) {
        /** The values of an IAM query list parameter, {@code NAME.member.1}, {@code NAME.member.2}, ... */
        List<String> members(String name) {
            List<String> values = new ArrayList<>();
            for (int i = 1; parameter(name + ".member." + i) != null; i++) {
                values.add(parameter(name + ".member." + i));
            }
            return values;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** A form parameter of an IAM query request. */
        String parameter(String name) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0
                        && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                                .equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    record Response(int status, String contentType, String body, long delayMillis) {}

    private final HttpServer server;
    private final Map<String, Deque<Response>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Response> standing = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Function<Request, Response>> responders = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public AwsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "aws-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code operation} with a resource under {@code /live/} from now on. */
    AwsStub answer(String operation, String fixture) {
        return answer(operation, 200, fixture);
    }

    AwsStub answer(String operation, int status, String fixture) {
        standing.put(operation, new Response(status, contentType(fixture), fixture(fixture), 0));
        return this;
    }

    /** Answers {@code operation} with {@code body} itself from now on. */
    AwsStub answerRaw(String operation, int status, String body) {
        standing.put(operation, new Response(status, body.startsWith("<") ? XML : JSON, body, 0));
        return this;
    }

    AwsStub answerSlowly(String operation, String fixture, long delayMillis) {
        standing.put(operation, new Response(200, contentType(fixture), fixture(fixture), delayMillis));
        return this;
    }

    /** Answers {@code operation} by computing the answer from each request, from now on. */
    AwsStub answerWith(String operation, java.util.function.Function<Request, Response> responder) {
        responders.put(operation, responder);
        return this;
    }

    /** Answers the next request for {@code operation} once with this, before the standing answer. */
    AwsStub once(String operation, int status, String fixture) {
        scripts.computeIfAbsent(operation, o -> new ArrayDeque<>())
                .add(new Response(status, contentType(fixture), fixture(fixture), 0));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    int count(String operation) {
        return requests(operation).size();
    }

    static String fixture(String name) {
        try (InputStream in = AwsStub.class.getResourceAsStream("/live/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /live/" + name + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String fixture) {
        return fixture.endsWith(".xml") ? XML : JSON;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) ->
                            headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
            String target = headers.get("x-amz-target");
            String operation;
            if (target != null && target.contains(".")) {
                // AWS JSON 1.1: SERVICE_PREFIX.OPERATION (AmazonEC2ContainerServiceV20141113, secretsmanager,
                // AmazonSSM,
                // Logs_20140328)
                operation = target.substring(target.lastIndexOf('.') + 1);
            } else if (exchange.getRequestMethod().equals("HEAD")) {
                operation = "HeadObject"; // S3 REST: HEAD /BUCKET/KEY, path-style
            } else {
                operation = new Request("", "", Map.of(), body).parameter("Action");
            }
            operation = operation == null ? "?" : operation;
            Request request = new Request(operation, exchange.getRequestURI().toString(), headers, body);
            requests.add(request);
            Deque<Response> script = scripts.get(operation);
            Response response = null;
            if (script != null) {
                synchronized (script) {
                    response = script.poll();
                }
            }
            if (response == null) {
                response = standing.get(operation);
            }
            // a computed answer (a StubAccount's) is the default; a test's own standing answer wins over it
            if (response == null && responders.containsKey(operation)) {
                response = responders.get(operation).apply(request);
            }
            if (response == null) {
                response = new Response(
                        400,
                        JSON,
                        "{\"__type\":\"InvalidAction\",\"message\":\"the stub has no answer for " + operation + "\"}",
                        0);
            }
            if (response.delayMillis() > 0) {
                try {
                    Thread.sleep(response.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", "8d3c9a8e-7b1f-4b43-9a8e-0b6d5c1f1a2b");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(response.status(), -1); // a HEAD answer has no body
                return;
            }
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Operations as counted here: for assertions and for the report of calls made. */
    static List<String> operations(List<Request> requests) {
        List<String> operations = new ArrayList<>();
        requests.forEach(r -> operations.add(r.operation()));
        return operations;
    }
}
