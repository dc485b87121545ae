package dev.hackathon.infra.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.testing.MotoServer;
import dev.hackathon.infra.testing.RecordingInterceptor;
import dev.hackathon.infra.testing.RecordingInterceptor.Call;
import dev.hackathon.infra.testing.TestCli;

/**
 * API economy benchmark (issue 10): how many AWS calls each command makes on the full seed
 * stack, through the real command line against moto, counted by a {@link RecordingInterceptor}.
 * Discovery runs each kind on a thread named for it, so the calls of {@code status} and of an
 * {@code up} with nothing to do are also counted per kind.
 *
 * <p>Moto makes every resource ready at once, so the full {@code up} and {@code down} poll
 * little here; on AWS each waiting kind adds one call per poll (backoff 1 s to 10 s).
 *
 * <p>Run by {@code scripts/bench}, or by hand (it starts its own moto unless given one):
 * <pre>mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/test-classpath) dev.hackathon.infra.bench.ApiEconomy [endpoint]</pre>
 */
public final class ApiEconomy {

    /** The calls one command made. */
    public record Measured(String command, int exit, List<Call> calls) {

        public int total() {
            return calls.size();
        }

        /** {@code service:Operation} to how many calls. */
        public Map<String, Integer> byOperation() {
            Map<String, Integer> out = new TreeMap<>();
            calls.forEach(c -> out.merge(c.name(), 1, Integer::sum));
            return out;
        }

        /** Discovery calls per kind: kind to (operation to count); calls outside discovery under "(other)". */
        public Map<String, Map<String, Integer>> byKind() {
            Map<String, Map<String, Integer>> out = new TreeMap<>();
            for (Call c : calls) {
                String kind = c.thread().startsWith(Discoverer.THREAD_PREFIX)
                        ? c.thread().substring(Discoverer.THREAD_PREFIX.length()) : "(other)";
                out.computeIfAbsent(kind, k -> new TreeMap<>()).merge(c.operation(), 1, Integer::sum);
            }
            return out;
        }

        /** Kinds that made more than one discovery call, with their calls. */
        public Map<String, Map<String, Integer>> kindsWithSeveralCalls() {
            Map<String, Map<String, Integer>> out = new TreeMap<>(byKind());
            out.remove("(other)");
            out.values().removeIf(ops -> ops.values().stream().mapToInt(Integer::intValue).sum() <= 1);
            return out;
        }
    }

    /** One stack's life: status before, full up, status, up with nothing to do, plan, down. */
    public record Lifecycle(String variant, Measured fullUp, Measured status, Measured noOpUp, Measured plan,
                            Measured down) {

        public List<Measured> all() {
            return List.of(fullUp, status, noOpUp, plan, down);
        }
    }

    private ApiEconomy() {
    }

    /**
     * Runs the seed config (changed by {@code edit}, e.g. more listener rules) under
     * {@code stack} through up, status, up, plan and down, counting each command's calls.
     */
    public static Lifecycle lifecycle(URI moto, Path dir, String stack, String variant,
                                      UnaryOperator<String> edit) {
        Path config = TestCli.seedConfig(dir, stack);
        try {
            Files.writeString(config, edit.apply(Files.readString(config)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCli cli = TestCli.at(moto);
        String c = config.toString();
        Measured up = measure(cli, "up", 0, "up", "--config", c);
        Measured status = measure(cli, "status", 0, "status", "--config", c);
        Measured noOp = measure(cli, "up (nothing to do)", 0, "up", "--config", c);
        Measured plan = measure(cli, "plan", 0, "plan", "--config", c);
        Measured down = measure(cli, "down", 0, "down", "--yes", "--config", c);
        return new Lifecycle(variant, up, status, noOp, plan, down);
    }

    private static Measured measure(TestCli cli, String name, int expectedExit, String... args) {
        cli.calls.clear();
        TestCli.Result r = cli.run(args);
        if (r.exit() != expectedExit) {
            throw new IllegalStateException(name + " exited " + r.exit() + " (expected " + expectedExit + ")\n" + r);
        }
        return new Measured(name, r.exit(), cli.calls.calls());
    }

    /** The seed config with {@code n} host rules instead of its two (hosts h1.example.com ..., both targets in turn). */
    public static UnaryOperator<String> withRules(int n) {
        return text -> {
            StringBuilder rules = new StringBuilder("  rules:\n");
            for (int i = 1; i <= n; i++) {
                rules.append("    - {host: h").append(i).append(".example.com, target: ").append(i % 2 == 0 ? "api" : "app")
                        .append(", priority: ").append(99 + i).append("}\n");
            }
            String edited = text.replaceFirst("(?s)  rules:\n(    - \\{[^\n]*\n)+", rules.toString());
            if (edited.equals(text)) {
                throw new IllegalStateException("the seed config's rules block was not found");
            }
            return edited;
        };
    }

    /** The variants scripts/bench reports: the seed config (2 host rules) and the same with 50. */
    public static List<Lifecycle> run(URI moto, Path dir) {
        List<Lifecycle> out = new ArrayList<>();
        out.add(lifecycle(moto, dir, "econ", "seed config, 2 listener rules", UnaryOperator.identity()));
        out.add(lifecycle(moto, dir, "econ50", "50 listener rules", withRules(50)));
        return out;
    }

    static String report(List<Lifecycle> runs) {
        StringBuilder b = new StringBuilder();
        Lifecycle first = runs.get(0);
        for (Lifecycle l : runs) {
            b.append("API calls per command, full seed stack against moto (").append(l.variant()).append(")\n");
            b.append(String.format("%-20s %6s %6s %9s%n", "command", "calls", "reads", "mutating"));
            for (Measured m : l.all()) {
                long mutating = m.calls().stream().filter(Call::mutating).count();
                b.append(String.format("%-20s %6d %6d %9d%n", m.command(), m.total(), m.total() - mutating, mutating));
            }
            if (l != first && l.status().byKind().equals(first.status().byKind())
                    && l.noOpUp().byKind().equals(first.noOpUp().byKind())) {
                b.append("status and up (nothing to do): the same calls, kind by kind, as with the ")
                        .append(first.variant()).append("\n\n");
                continue;
            }
            for (Measured m : List.of(l.status(), l.noOpUp())) {
                b.append('\n').append(m.command()).append(": calls per kind\n");
                m.byKind().forEach((kind, ops) -> b.append(String.format("  %-22s %3d  %s%n", kind,
                        ops.values().stream().mapToInt(Integer::intValue).sum(), ops)));
            }
            for (Measured m : List.of(l.fullUp(), l.down())) {
                Map<String, Integer> reads = new TreeMap<>(m.byOperation());
                reads.keySet().removeIf(op -> RecordingInterceptor.isMutating(op.substring(op.indexOf(':') + 1)));
                b.append('\n').append(m.command()).append(" reads: ").append(reads).append('\n');
            }
            b.append('\n');
        }
        for (Measured m : List.of(first.status(), first.noOpUp())) {
            b.append(String.format("goal: %s <= %d calls: %d, %s%n", m.command(), CALL_GOAL, m.total(),
                    m.total() <= CALL_GOAL ? "met" : "NOT met (docs/benchmarks.md says why and what it would take)"));
        }
        return b.toString();
    }

    /** Issue 16: status and an up with nothing to do, on the seed stack. */
    static final int CALL_GOAL = 25;

    /** {@code [endpoint]}: a running moto (scripts/bench passes its own), else one started here. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("api-economy");
        URI moto = args.length > 0 ? URI.create(args[0]) : MotoServer.get().endpoint();
        System.out.print(report(run(moto, dir)));
    }
}
