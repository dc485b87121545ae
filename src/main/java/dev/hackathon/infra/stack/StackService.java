package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Clock;
import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.engine.Executor;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;
import dev.hackathon.infra.engine.Planner;
import dev.hackathon.infra.engine.Reported;
import dev.hackathon.infra.engine.Replacements;
import dev.hackathon.infra.engine.RunControl;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.RunSettings;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.resources.AwsErrorClassifier;
import dev.hackathon.infra.resources.Ownership;

/**
 * What the commands do, once the config is valid and the session open: read the stack in
 * bulk, plan, converge, tear down, report. The CLI only parses and renders.
 */
public final class StackService {

    private final StackConfig config;
    private final AwsSession aws;
    private final StackKinds kinds;
    /** Rebuilt by discovery: the edge's shape follows the certificate's state ({@link EdgeState}). */
    private volatile Graph graph;
    private final RunSettings settings;
    private final Clock clock;
    private final RunListener listener;
    private final boolean confirmDeletionProtectionOff;
    private RunControl control = RunControl.unguarded();

    public StackService(StackConfig config, AwsSession aws, Clock clock, RunSettings settings, RunListener listener) {
        this(config, aws, clock, settings, listener, false);
    }

    /**
     * {@code confirmDeletionProtectionOff}: the person confirmed (--yes) that {@code down} may
     * turn deletion protection off; without it, down stops before deleting anything when a
     * resource is protected.
     */
    public StackService(StackConfig config, AwsSession aws, Clock clock, RunSettings settings, RunListener listener,
                        boolean confirmDeletionProtectionOff) {
        this.config = config;
        this.aws = aws;
        this.confirmDeletionProtectionOff = confirmDeletionProtectionOff;
        this.kinds = new StackKinds(aws, StackKinds.Settings.of(config, confirmDeletionProtectionOff));
        this.graph = StackGraph.build(config, kinds);
        // What each AWS error means, and so how long the engine retries it, is read in one place.
        this.settings = settings.withDescriber(describer(config)).withClassifier(AwsErrorClassifier.INSTANCE);
        this.clock = clock;
        this.listener = listener;
    }

    public static RunSettings defaultSettings(StackConfig config) {
        return RunSettings.defaults(new StackTags(config)::forKey).withDescriber(describer(config))
                .withClassifier(AwsErrorClassifier.INSTANCE);
    }

    /** Failures read "Code: message", and a second line with the fix when there is one. */
    private static dev.hackathon.infra.engine.ErrorDescriber describer(StackConfig config) {
        return e -> AwsErrors.describe(e, config.profile());
    }

    public Graph graph() {
        return graph;
    }

    public StackKinds kinds() {
        return kinds;
    }

    public StackConfig config() {
        return config;
    }

    /**
     * Everything the stack owns, for planning (plan, status, up): one discovery call per kind,
     * all kinds in parallel: every kind the stack knows, not only those the config uses, so
     * orphans of a kind the config no longer has are found too. {@code down} reads the same.
     */
    public Snapshot discover() {
        return withEdgeState(new Discoverer(settings.describer()).discover(kinds.all()));
    }

    /** The graph for what was found: HTTPS once the auto certificate is issued, records where a zone holds the host. */
    private Snapshot withEdgeState(Snapshot snapshot) {
        if (config.loadBalancer().autoCertificate() || config.dns().writesRecords()) {
            graph = StackGraph.build(config, kinds, EdgeState.of(config, snapshot, kinds));
        }
        return snapshot;
    }

    /** Discovery of some kinds only (the {@code rules} command reads the edge alone). */
    public Snapshot discover(List<ResourceKind<?>> someKinds) {
        return withEdgeState(new Discoverer(settings.describer()).discover(someKinds));
    }

    public Plan plan(Snapshot snapshot) {
        return plan(graph, snapshot);
    }

    /** The plan of a part of the stack's graph (the rules command's). */
    public Plan plan(Graph part, Snapshot snapshot) {
        return new Planner(settings.tagsForKey()).plan(part, snapshot);
    }

    public Plan planDown(Snapshot snapshot) {
        return new Planner(settings.tagsForKey()).planDown(graph, snapshot);
    }

    /** How runs of this service may be stopped (a signal) or refused a change (a lapsed lock). */
    public StackService controlledBy(RunControl control) {
        this.control = control;
        return this;
    }

    public RunControl control() {
        return control;
    }

    public RunResult up(Snapshot snapshot) {
        return up(plan(snapshot));
    }

    /**
     * Walks the steps of a plan of this service (the whole graph's, or a part's: the rules
     * command's). Only what it shows as replaced may be replaced: a replacement that turns out
     * to be needed later (state changed meanwhile) fails that resource instead of deleting it
     * unconfirmed.
     */
    public RunResult up(Plan plan) {
        java.util.Set<String> replaced = new java.util.HashSet<>();
        plan.entries().stream().filter(c -> c.action() == PlannedChange.Action.REPLACE).forEach(c -> replaced.add(c.key()));
        return new Executor(clock, settings.withMayReplace(replaced::contains), listener, control).run(plan);
    }

    /**
     * Refuses (before any change) a plan that replaces a resource others still stand on: AWS
     * would refuse the delete for as long as the run retried it.
     */
    public void refuseUnsafeReplacements(Plan plan, Snapshot snapshot) {
        refuseUnsafeReplacements(graph, plan, snapshot);
    }

    public static void refuseUnsafeReplacements(Graph part, Plan plan, Snapshot snapshot) {
        List<UnsafeReplacement> unsafe = new ArrayList<>();
        List<UnsafeReplacement> dependencyOnly = new ArrayList<>();
        for (PlannedChange c : plan.entries()) {
            if (c.action() != PlannedChange.Action.REPLACE) {
                continue;
            }
            List<String> blocking = Replacements.blockingDependents(part, c.key(), snapshot::find);
            if (!blocking.isEmpty()) {
                (UnsafeReplacement.rootCause(c) ? unsafe : dependencyOnly).add(new UnsafeReplacement(c, blocking));
            }
        }
        if (!unsafe.isEmpty()) {
            throw unsafe.get(0);
        }
        if (!dependencyOnly.isEmpty()) {
            throw dependencyOnly.get(0);
        }
    }

    /**
     * Deletes everything in the snapshot, dependents first. A protected resource the person
     * has not agreed to unprotect stops it before the first deletion.
     */
    public RunResult down(Snapshot snapshot) {
        List<ProtectedResource> protectedOnes = protectedResources(snapshot);
        if (!protectedOnes.isEmpty() && !confirmDeletionProtectionOff) {
            throw new ProtectedResource.NotConfirmedException(protectedOnes);
        }
        return new Executor(clock, settings, listener, control).down(graph, snapshot);
    }

    /** Resources that refuse deletion until a person agrees (deletion protection on). */
    public List<ProtectedResource> protectedResources(Snapshot snapshot) {
        List<ProtectedResource> out = new ArrayList<>();
        snapshot.all().forEach(o -> addIfProtected(out, snapshot.kind(snapshot.kindOf(o.key())), o));
        snapshot.duplicates().forEach(o -> addIfProtected(out, snapshot.kind(snapshot.kindOf(o)), o));
        return out;
    }

    private static void addIfProtected(List<ProtectedResource> out, ResourceKind<?> kind, Observed o) {
        if (kind.state(o).isDeleting()) {
            return; // its deletion was already agreed to and is under way
        }
        o.deletionProtection().ifPresent(p -> out.add(new ProtectedResource(o.key(), kind.label(), o.id(), p)));
    }

    /** The same service, with the person's agreement that down may turn deletion protection off. */
    public StackService confirmingDeletionProtectionOff() {
        return new StackService(config, aws, clock, settings, listener, true);
    }

    /**
     * Every resource of the config with its state, drift and health, what the stack owns
     * beyond the config, the outputs, warnings (security findings first) and the cost.
     */
    public StatusReport status(Snapshot snapshot) {
        Plan plan = plan(snapshot);
        Map<String, PlannedChange> byKey = new LinkedHashMap<>();
        plan.entries().forEach(c -> byKey.putIfAbsent(c.key(), c));
        List<ResourceStatus> resources = new ArrayList<>();
        List<String> kindWarnings = new ArrayList<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String key : graph.topologicalOrder()) {
            Node node = graph.node(key);
            Observed o = snapshot.find(key).orElse(null);
            PlannedChange change = byKey.get(key);
            List<Change> drift = change == null || change.action() == PlannedChange.Action.CREATE ? List.of()
                    : change.changes();
            if (o == null) {
                resources.add(new ResourceStatus(key, node.kind().name(), node.kind().label(), null, "missing",
                        false, false, false, List.of(), Map.of()));
                continue;
            }
            ResourceKind<?> kind = node.kind();
            kindWarnings.addAll(warnings(node, o));
            resources.add(new ResourceStatus(key, kind.name(), kind.label(), o.id(), o.state(), true,
                    kind.state(o).isReady(), !(kind instanceof Reported<?> r) || r.healthy(o), drift, o.outputs()));
            outputs.putAll(o.outputs());
        }
        List<ResourceStatus> extra = new ArrayList<>();
        for (PlannedChange c : plan.entries()) {
            if (c.action() == PlannedChange.Action.DELETE) {
                extra.add(new ResourceStatus(c.key(), c.kind(), c.label(), c.id(), "not in config", true, true, true,
                        c.changes(), Map.of()));
            }
        }
        List<String> warnings = new ArrayList<>();
        for (ResourceStatus r : resources) {
            if (r.securityFinding()) {
                warnings.add(StatusReport.SECURITY + r.label() + " " + r.key() + ": " + String.join("; ", r.drift()
                        .stream().filter(Change::security).map(Change::toString).toList()));
            }
        }
        warnings.addAll(kindWarnings);
        warnings.addAll(keptCopies(snapshot));
        for (Observed o : snapshot.foreign()) {
            ResourceKind<?> kind = snapshot.kind(snapshot.kindOf(o));
            String which = o.outputs().containsKey("rule.host")
                    ? " " + o.outputs().get("rule.host") + " at priority " + o.outputs().get("rule.priority") : "";
            warnings.add(kind.label() + which + " (" + o.id() + ") is on the stack's listener but is not the stack's (no "
                    + Ownership.STACK_TAG + "=" + config.stack() + " tag): up and rules sync leave it alone;"
                    + " down deletes it with the listener");
        }
        expiryWarning().ifPresent(warnings::add);
        List<String> hosts = config.loadBalancer().rules().stream().map(StackConfig.Rule::host).toList();
        return new StatusReport(config.stack(), config.region(), resources, extra, outputs, hosts, warnings, cost(),
                dnsRecordsToAdd(snapshot::find));
    }

    /**
     * One line per copy of a key that the stack keeps and never deletes (a second instance made by
     * the EC2 console's "Launch more like this", which copies the tags; a second database or
     * cache): which one the stack uses ({@link dev.hackathon.infra.engine.DuplicateChoice}) and
     * what to do. {@code status}, {@code plan}, {@code up} and {@code down} all say it.
     */
    public static List<String> keptCopies(Snapshot snapshot) {
        List<String> out = new ArrayList<>();
        for (Observed o : snapshot.keptDuplicates()) {
            ResourceKind<?> kind = snapshot.kind(snapshot.kindOf(o));
            out.add(kind.label() + " " + o.key() + ": a second one (" + o.id() + ") carries this key; the stack uses "
                    + snapshot.find(o.key()).map(Observed::id).orElse("?") + " and never deletes a " + kind.label()
                    + " copy (it may hold data or run work): delete the one you do not need yourself");
        }
        return out;
    }

    /** The records to add at the registrar: those of hosts no hosted zone of ours holds. */
    public List<DnsRecords.Record> dnsRecordsToAdd(java.util.function.Function<String, java.util.Optional<Observed>> find) {
        java.util.Set<String> written = new java.util.HashSet<>();
        config.loadBalancer().hosts().stream().filter(h -> graph.contains(dev.hackathon.infra.resources.dns.AliasRecords.key(h)))
                .forEach(written::add);
        return DnsRecords.toAdd(config, find, written);
    }

    public CostEstimate cost() {
        return CostEstimate.of(config, PriceTable.load());
    }

    /** A stack past its config's {@code expiresAt} is still costing money: say so. */
    java.util.Optional<String> expiryWarning() {
        if (config.expiresAt() == null) {
            return java.util.Optional.empty();
        }
        java.time.Instant expires = config.expiresAt().contains("T")
                ? java.time.OffsetDateTime.parse(config.expiresAt()).toInstant()
                : java.time.LocalDate.parse(config.expiresAt()).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        if (clock.nowMillis() < expires.toEpochMilli()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("stack " + config.stack() + " expired at " + config.expiresAt()
                + " (expiresAt) and is still running; tear it down: hackathon-infra down");
    }

    /** What a kind that reports on status ({@link Reported}) says beyond drift. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> warnings(Node node, Observed o) {
        return node.kind() instanceof Reported r ? r.warnings(node.key(), node.desired(), o) : List.of();
    }
}
