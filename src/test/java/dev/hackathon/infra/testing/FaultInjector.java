package dev.hackathon.infra.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Programmable AWS faults for reliability tests, injected per HTTP attempt through the real
 * SDK, so retries, error unmarshalling into the modelled exception types
 * ({@code CacheSubnetGroupInUseException}, {@code Ec2Exception} with code
 * {@code DependencyViolation}, ...) and the SDK's throttling detection all behave as against AWS.
 *
 * <h2>Kinds</h2>
 * <ul>
 * <li>{@link Rule#error(String, int) error}: the call fails with the given code and HTTP status
 *     and is <b>not executed</b> (DependencyViolation, InvalidIPAddress.InUse, ...).</li>
 * <li>{@link Rule#throttle() throttle}: as error, with the service's throttling code
 *     ({@code RequestLimitExceeded} for EC2, {@code Throttling} for query services,
 *     {@code ThrottlingException} for JSON services), HTTP 400; the SDK retries it.</li>
 * <li>{@link Rule#lostResponse() lostResponse}: the call <b>is executed</b> by the server,
 *     then its successful answer is replaced by HTTP 500 ({@code InternalError} /
 *     {@code InternalFailure} / {@code InternalServerError}), as when a response is lost on
 *     the way back. The SDK retries a 500, so the server sees the call again: with moto
 *     (which ignores ClientToken) a lost CreateVpc leaves two VPCs, as a lost call without
 *     a client token does on AWS.</li>
 * </ul>
 * Rules match an operation by name: {@code "DeleteVpc"}, a prefix {@code "Create*"}, any
 * {@code "*"}, optionally qualified by the lower-cased SDK service name
 * {@code "ec2:Create*"}, {@code "elasticache:DeleteCacheSubnetGroup"}. They fire the first
 * {@link Rule#times(int) N times}, {@link Rule#during(Duration) during a window} of the
 * injector's clock, and/or {@link Rule#withProbability(double) with a probability} drawn from
 * the injector's seeded {@link Random}; the first rule that fires for an attempt wins.
 * Every injected fault is recorded ({@link #injected()}).
 *
 * <h2>How a fault avoids executing the call</h2>
 * The SDK calls {@code modifyHttpRequest} once per API call (before signing and before the
 * retry loop); {@code beforeTransmission} and {@code modifyHttpResponse} run per attempt but
 * cannot stop the request from reaching the server. So, when some rule names the operation,
 * {@code modifyHttpRequest} points that call at {@link FaultProxy}, a tiny JDK
 * {@code HttpServer} on 127.0.0.1 inside the test JVM (one per JVM, started lazily), and tells
 * it, in {@code x-fault-*} headers, the injector, the operation, the wire protocol and the
 * real endpoint. For each attempt the proxy asks this injector: for an error or throttle it
 * answers a synthesized error response in the service's protocol (EC2
 * {@code <Response><Errors><Error>}, query {@code <ErrorResponse><Error>}, JSON
 * {@code {"__type":...}} plus {@code x-amzn-ErrorType}) without contacting the server;
 * otherwise it forwards the attempt unchanged to the real endpoint (moto: the signature is not
 * checked and moto picks the service from the credential scope, not the Host), and for a
 * lost response it replaces the successful answer by a 500. Calls that no rule names never
 * pass through the proxy. Only loopback endpoints are accepted: a session pointed at real AWS
 * fails in {@code modifyHttpRequest} before anything is sent.
 *
 * <p>Rules are evaluated when the attempt arrives; a rule added while a call is in flight
 * applies to that call's later attempts only if the call was already routed through the
 * proxy. Thread-safe. Close it (or let the JUnit extension do so) to unregister from the proxy.
 */
public final class FaultInjector implements ExecutionInterceptor, AutoCloseable {

    public enum Kind { ERROR, THROTTLE, LOST_RESPONSE,
        /** An error whose body does not parse (an HTML page from a proxy or load balancer): the SDK finds no code. */
        UNPARSABLE }

    /**
     * A fault that was injected. {@code serverResponse} is what the server really answered,
     * for a lost response (e.g. to find the resource it created), else null.
     */
    public record Injected(String service, String operation, Kind kind, String errorCode, int status,
                           long atMillis, String serverResponse, boolean byLayer) {

        public String name() {
            return service + ":" + operation;
        }

        @Override
        public String toString() {
            return name() + " " + kind + " " + errorCode + "/" + status;
        }
    }

    /** A decided fault for one attempt: what to answer. */
    record Fault(Kind kind, String code, int status, String message) {
    }

    static final String H_INJECTOR = "x-fault-injector";
    static final String H_TARGET = "x-fault-target";
    static final String H_OPERATION = "x-fault-operation";
    static final String H_PROTOCOL = "x-fault-protocol";

    private static final AtomicLong IDS = new AtomicLong();
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final long id = IDS.incrementAndGet();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private final List<Rewriter> rewriters = new CopyOnWriteArrayList<>();
    private final List<Consumer<Injected>> injectionListeners = new CopyOnWriteArrayList<>();
    private volatile Object behaviour;
    private final List<Injected> injected = new ArrayList<>();
    private final List<Injected> byLayer = new ArrayList<>();
    private Random random;
    private volatile LongSupplier clock = System::currentTimeMillis;

    /** Seed 42. */
    public FaultInjector() {
        this(42L);
    }

    public FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    /** Restarts the random sequence used by {@link Rule#withProbability(double)}. */
    public synchronized FaultInjector seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** The time used by {@link Rule#during(Duration)} windows, e.g. a virtual clock's {@code nowMillis}. */
    public FaultInjector clock(LongSupplier nowMillis) {
        this.clock = nowMillis;
        return this;
    }

    /** Now on the injector's clock. */
    public long now() {
        return clock.getAsLong();
    }

    /** A new rule for {@code "[service:]Operation"}, {@code "[service:]Prefix*"} or {@code "*"}; set its kind next. */
    public Rule on(String operationPattern) {
        Rule r = new Rule(operationPattern);
        rules.add(r);
        return r;
    }

    /** Shorthand: {@code on(pattern).error(code, status)}. */
    public Rule fail(String operationPattern, String code, int status) {
        return on(operationPattern).error(code, status);
    }

    /** Shorthand: {@code on(pattern).throttle()}. */
    public Rule throttle(String operationPattern) {
        return on(operationPattern).throttle();
    }

    /** Shorthand: {@code on(pattern).lostResponse()}. */
    public Rule loseResponse(String operationPattern) {
        return on(operationPattern).lostResponse();
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** Removes the rules a test added; the {@link Rule#standing() standing} rules of the behaviour layer stay. */
    public void clearRules() {
        rules.removeIf(r -> !r.standing);
    }

    /** Rules, observers, rewriters and the behaviour layer: back to plain moto. */
    public void forgetAll() {
        rules.clear();
        observers.clear();
        rewriters.clear();
        injectionListeners.clear();
        behaviour = null;
    }

    /**
     * The faults the {@link AwsBehaviour} layer answered on this operation ({@code "ec2:RunInstances"}):
     * calls a test counts that never reached moto.
     */
    public int layerInjectedCount(String operation) {
        synchronized (injected) {
            return (int) byLayer.stream().filter(i -> i.name().equalsIgnoreCase(operation)).count();
        }
    }

    /** Every fault a test injected so far, in order (the behaviour layer's are apart: {@link #layerInjectedCount}). */
    public List<Injected> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    /** Faults injected on one operation, {@code "DeleteVpc"} or {@code "ec2:DeleteVpc"}. */
    public List<Injected> injected(String operation) {
        return injected().stream()
                .filter(i -> operation.indexOf(':') >= 0 ? i.name().equalsIgnoreCase(operation) : i.operation().equals(operation))
                .toList();
    }

    public int injectedCount(String operation) {
        return injected(operation).size();
    }

    public void clearInjected() {
        synchronized (injected) {
            injected.clear();
            byLayer.clear();
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        String service = RecordingInterceptor.serviceName(attributes);
        String operation = RecordingInterceptor.operationName(attributes);
        SdkRequest sdkRequest = context.request();
        if (rules.stream().noneMatch(r -> r.matches(service, operation) && r.route.test(sdkRequest))) {
            return request;
        }
        if (!isLoopbackHost(request.host())) {
            throw new IllegalStateException("FaultInjector only works against a local emulator; refusing to route "
                    + service + ":" + operation + " for " + request.host());
        }
        FaultProxy proxy = FaultProxy.get();
        proxy.register(id, this);
        return request.toBuilder()
                .putHeader(H_INJECTOR, Long.toString(id))
                .putHeader(H_TARGET, request.protocol() + "://" + request.host() + ":" + request.port())
                .putHeader(H_OPERATION, service + ":" + operation)
                .putHeader(H_PROTOCOL, protocolOf(service, request))
                .protocol("http")
                .host("127.0.0.1")
                .port(proxy.port())
                .build();
    }

    /**
     * The fault for one attempt, or null. {@code afterSuccess} false: before the server is
     * called (errors, throttling); true: after it answered 2xx (lost responses).
     */
    Fault decide(String service, String operation, String protocol, boolean afterSuccess, String serverResponse) {
        return decide(service, operation, protocol, afterSuccess, null, serverResponse);
    }

    synchronized Fault decide(String service, String operation, String protocol, boolean afterSuccess,
                              String requestBody, String serverResponse) {
        long now = clock.getAsLong();
        for (Rule r : rules) {
            Kind kind = r.kind;
            if (kind == null || (kind == Kind.LOST_RESPONSE) != afterSuccess || !r.matches(service, operation)) {
                continue;
            }
            if (now < r.fromMillis || now >= r.untilMillis || r.remaining == 0) {
                continue;
            }
            if (!r.condition.test(requestBody == null ? "" : requestBody)) {
                continue;
            }
            if (r.probability < 1.0 && random.nextDouble() >= r.probability) {
                continue;
            }
            if (r.remaining > 0) {
                r.remaining--;
            }
            r.fired++;
            Fault f = r.fault(protocol);
            Injected i = new Injected(service, operation, kind, f.code(), f.status(), now,
                    kind == Kind.LOST_RESPONSE ? serverResponse : null, r.standing);
            synchronized (injected) {
                if (!r.standing) {
                    injected.add(i);
                } else {
                    byLayer.add(i);
                }
            }
            injectionListeners.forEach(l -> l.accept(i));
            return f;
        }
        return null;
    }

    @Override
    public void close() {
        FaultProxy.unregister(id);
    }

    /** Loopback by its literal form only (no DNS lookup): localhost, 127.0.0.0/8, ::1. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || IPV4_LOOPBACK.matcher(h).matches();
    }

    /** "ec2", "json" (awsJson / restJson, judged by the request's Content-Type) or "query". */
    static String protocolOf(String service, SdkHttpRequest request) {
        if (service.equals("ec2")) {
            return "ec2";
        }
        String type = request.firstMatchingHeader("Content-Type").orElse("");
        return type.contains("json") ? "json" : "query";
    }

    /** {@code "[service:]Operation"}, {@code "[service:]Prefix*"} or {@code "*"}. */
    record OperationPattern(String service, String operation, boolean prefix) {

        static OperationPattern parse(String pattern) {
            int colon = pattern.indexOf(':');
            String service = colon < 0 ? null : pattern.substring(0, colon).toLowerCase(Locale.ROOT);
            String op = colon < 0 ? pattern : pattern.substring(colon + 1);
            boolean prefix = op.endsWith("*");
            return new OperationPattern(service, prefix ? op.substring(0, op.length() - 1) : op, prefix);
        }

        boolean matches(String svc, String op) {
            return (service == null || service.equals(svc)) && (prefix ? op.startsWith(operation) : op.equals(operation));
        }

        @Override
        public String toString() {
            return (service == null ? "" : service + ":") + operation + (prefix ? "*" : "");
        }
    }

    /** One parameter of a query-protocol request body (EC2, RDS, ElastiCache): {@code param(body, "SubnetId")}. */
    public static String param(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Tells {@code listener} of every fault as it is injected (on the proxy's thread). */
    public FaultInjector onInjected(Consumer<Injected> listener) {
        injectionListeners.add(listener);
        return this;
    }

    /** The AWS behaviour layer installed on this injector, or null (see {@link AwsBehaviour}). */
    public Object behaviour() {
        return behaviour;
    }

    void behaviour(Object b) {
        this.behaviour = b;
    }

    /**
     * Runs {@code action} with request and answer after every successful call matching the
     * pattern, on the calling thread: what a behaviour needs to learn the ids a create made.
     */
    public FaultInjector afterAnswer(String operationPattern, BiConsumer<SdkRequest, SdkResponse> action) {
        observers.add(new Observer(OperationPattern.parse(operationPattern), action));
        return this;
    }

    /**
     * Replaces the answer of every successful call matching the pattern by what {@code rewrite}
     * returns (the unmarshalled response, before the caller sees it): a state moto does not
     * model (a cache still "creating"), a resource not yet listed.
     */
    public FaultInjector rewriteAnswer(String operationPattern, BiFunction<SdkRequest, SdkResponse, SdkResponse> rewrite) {
        rewriters.add(new Rewriter(OperationPattern.parse(operationPattern), rewrite));
        return this;
    }

    private record Rewriter(OperationPattern pattern, BiFunction<SdkRequest, SdkResponse, SdkResponse> rewrite) {
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (rewriters.isEmpty()) {
            return response;
        }
        String service = RecordingInterceptor.serviceName(attributes);
        String operation = RecordingInterceptor.operationName(attributes);
        for (Rewriter r : rewriters) {
            if (r.pattern().matches(service, operation)) {
                response = r.rewrite().apply(context.request(), response);
            }
        }
        return response;
    }

    /**
     * Runs {@code action} with the request after every successful call matching the pattern,
     * on the calling thread, at the time of the injector's clock: what a test needs to make
     * AWS react to a call (a deleted NAT gateway holding its subnet for a while afterwards).
     */
    public FaultInjector afterSuccess(String operationPattern, Consumer<SdkRequest> action) {
        return afterAnswer(operationPattern, (request, response) -> action.accept(request));
    }

    private record Observer(OperationPattern pattern, BiConsumer<SdkRequest, SdkResponse> action) {
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String service = RecordingInterceptor.serviceName(attributes);
        String operation = RecordingInterceptor.operationName(attributes);
        for (Observer o : observers) {
            if (o.pattern().matches(service, operation)) {
                o.action().accept(context.request(), context.response());
            }
        }
    }

    /** One fault rule; configure it fluently right after {@link #on(String)}. */
    public final class Rule {
        private final OperationPattern pattern;

        private volatile Kind kind;
        private volatile String code;
        private volatile int status;
        private volatile String message;
        private volatile int remaining = -1;
        private volatile double probability = 1.0;
        private volatile long fromMillis = Long.MIN_VALUE;
        private volatile long untilMillis = Long.MAX_VALUE;
        private volatile int fired;
        private volatile Predicate<String> condition = body -> true;
        private volatile Predicate<SdkRequest> route = request -> true;
        private volatile boolean standing;

        private Rule(String pattern) {
            this.pattern = OperationPattern.parse(pattern);
        }

        boolean matches(String svc, String op) {
            return pattern.matches(svc, op);
        }

        /**
         * Fire only for attempts whose request body passes this test, asked when the attempt
         * arrives: a resource named in it ({@code body.contains(subnetId)}, see {@link #param}),
         * or the emulator's state at that moment (a subnet that still has an instance in it).
         */
        public Rule when(Predicate<String> requestBody) {
            this.condition = requestBody;
            return this;
        }

        /**
         * Route a call through the proxy (where {@link #when} is asked per attempt) only if its
         * request passes this test: a rule on every EC2 call that names a just-created id
         * then costs nothing for the calls that name none.
         */
        public Rule routeIf(Predicate<SdkRequest> request) {
            this.route = request;
            return this;
        }

        /** Part of how AWS behaves ({@link AwsBehaviour}): kept by {@link FaultInjector#clearRules()}. */
        public Rule standing() {
            this.standing = true;
            return this;
        }

        /** Fail with this HTTP status and a body that does not parse, without executing the call. */
        public Rule unparsable(int httpStatus) {
            this.code = "(none)";
            this.status = httpStatus;
            this.message = "<html><body><h1>" + httpStatus + " Bad Gateway</h1></body></html>";
            this.kind = Kind.UNPARSABLE;
            return this;
        }

        /** Fail with this AWS error code and HTTP status, without executing the call. */
        public Rule error(String errorCode, int httpStatus) {
            return error(errorCode, httpStatus, "Injected fault: " + errorCode);
        }

        public Rule error(String errorCode, int httpStatus, String errorMessage) {
            this.code = errorCode;
            this.status = httpStatus;
            this.message = errorMessage;
            this.kind = Kind.ERROR;
            return this;
        }

        /** Throttle with the service's own code, HTTP 400, without executing the call. */
        public Rule throttle() {
            this.code = null;
            this.status = 400;
            this.message = "Rate exceeded";
            this.kind = Kind.THROTTLE;
            return this;
        }

        /** Throttle with a chosen code and status (e.g. EC2 {@code RequestLimitExceeded}, 503). */
        public Rule throttle(String errorCode, int httpStatus) {
            this.code = errorCode;
            this.status = httpStatus;
            this.message = "Rate exceeded";
            this.kind = Kind.THROTTLE;
            return this;
        }

        /** Execute the call, then answer HTTP 500 instead of its successful response. */
        public Rule lostResponse() {
            this.code = null;
            this.status = 500;
            this.message = "We encountered an internal error. Please try again.";
            this.kind = Kind.LOST_RESPONSE;
            return this;
        }

        /** Fire at most n times (then never again). */
        public Rule times(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("times must be >= 0");
            }
            this.remaining = n;
            return this;
        }

        /** Fire only from now (injector clock) for this long. */
        public Rule during(Duration window) {
            long now = clock.getAsLong();
            return between(now, now + window.toMillis());
        }

        /** Fire only while fromMillis <= now < untilMillis on the injector's clock. */
        public Rule between(long fromMillis, long untilMillis) {
            this.fromMillis = fromMillis;
            this.untilMillis = untilMillis;
            return this;
        }

        /** Fire with this probability per matching attempt (seeded, see {@link FaultInjector#seed(long)}). */
        public Rule withProbability(double p) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("probability must be within [0, 1]");
            }
            this.probability = p;
            return this;
        }

        /** How often this rule fired. */
        public int fired() {
            return fired;
        }

        /** Disables this rule. */
        public void remove() {
            rules.remove(this);
        }

        Fault fault(String protocol) {
            String c = code;
            if (c == null) {
                c = switch (kind) {
                    case THROTTLE -> switch (protocol) {
                        case "ec2" -> "RequestLimitExceeded";
                        case "json" -> "ThrottlingException";
                        default -> "Throttling";
                    };
                    case LOST_RESPONSE -> switch (protocol) {
                        case "ec2" -> "InternalError";
                        case "json" -> "InternalServerError";
                        default -> "InternalFailure";
                    };
                    case ERROR, UNPARSABLE -> "InternalFailure";
                };
            }
            return new Fault(kind, c, status, message);
        }

        @Override
        public String toString() {
            return pattern + " -> " + kind
                    + (code == null ? "" : " " + code) + "/" + status
                    + (remaining >= 0 ? " remaining " + remaining : "")
                    + (probability < 1 ? " p=" + probability : "") + " fired " + fired;
        }
    }
}
