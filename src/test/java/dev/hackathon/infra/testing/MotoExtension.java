package dev.hackathon.infra.testing;

import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.hackathon.infra.aws.AwsSession;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * JUnit 5 extension behind {@link WithMoto}.
 *
 * <ul>
 * <li>Before each test class: starts this JVM's {@link MotoServer} if needed and resets it.</li>
 * <li>Resolves parameters of type {@link AwsSession} (pointed at moto, static credentials
 *     {@code test/test}, region {@link #REGION}), {@link RecordingInterceptor},
 *     {@link FaultInjector} (seed 42, no rules: calls go straight to moto until a rule names
 *     them, except the {@link AwsBehaviour} layer's, on unless the class says
 *     {@code @WithMoto(awsBehaviour = false)}) and {@link MotoServer}. Session, recorder and injector are created once per test
 *     (shared by its {@code @BeforeEach} methods and the test itself; the session's
 *     interceptors are that injector and that recorder) and closed after it.</li>
 * </ul>
 * Within a class, tests see each other's resources (reset is per class): filter by tags or
 * names unique to the test.
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {

    public static final Region REGION = Region.AP_NORTHEAST_1;
    static final String LOCK = "moto";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer.get().reset();
        CacheStates.forget(MotoServer.get().endpoint());
        DeletingStates.forget(MotoServer.get().endpoint());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsSession.class || type == RecordingInterceptor.class || type == FaultInjector.class
                || type == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == MotoServer.class) {
            return MotoServer.get();
        }
        Fixture f = context.getStore(NS).getOrComputeIfAbsent(Fixture.class,
                k -> new Fixture(MotoServer.get(), awsBehaviour(context)), Fixture.class);
        if (type == AwsSession.class) {
            return f.session;
        }
        return type == RecordingInterceptor.class ? f.recorder : f.faults;
    }

    /** A fresh session at moto for one test (or one class, for {@code @BeforeAll} parameters). */
    public static AwsSession session(MotoServer server, RecordingInterceptor recorder, FaultInjector faults) {
        return session(server.endpoint(), recorder, faults);
    }

    static AwsSession session(java.net.URI server, RecordingInterceptor recorder, FaultInjector faults) {
        return new AwsSession(REGION, server,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                List.of(faults, recorder));
    }

    /** The test class's {@link WithMoto#awsBehaviour()}: true unless it studies moto itself. */
    private static boolean awsBehaviour(ExtensionContext context) {
        WithMoto w = context.getRequiredTestClass().getAnnotation(WithMoto.class);
        return w == null || w.awsBehaviour();
    }

    /** Closed by JUnit when the test's (or class's) store closes. */
    private static final class Fixture implements AutoCloseable {
        final RecordingInterceptor recorder = new RecordingInterceptor();
        final FaultInjector faults = new FaultInjector();
        final AwsSession session;
        final AwsBehaviour behaviour;

        Fixture(MotoServer server, boolean awsBehaviour) {
            this.session = session(server, recorder, faults);
            this.behaviour = awsBehaviour ? AwsBehaviour.install(faults, server.endpoint(), Thread.currentThread()) : null;
        }

        @Override
        public void close() {
            session.close();
            if (behaviour != null) {
                behaviour.close();
            }
            faults.close();
        }
    }
}
