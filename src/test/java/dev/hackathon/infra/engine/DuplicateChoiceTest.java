package dev.hackathon.infra.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which copy of a key the stack keeps, and that copies of stateful kinds are never deleted. */
class DuplicateChoiceTest {

    /** A kind of no behaviour but its policy: whether it keeps copies of a key. */
    private record Kind(String name, boolean stateful) implements ResourceKind<Object> {
        @Override
        public String label() {
            return name;
        }

        @Override
        public Policy policy() {
            return stateful ? Policy.DEFAULT.keepingDuplicates() : Policy.DEFAULT;
        }

        @Override
        public List<Observed> discover(Discovery discovery) {
            return List.of();
        }

        @Override
        public Observed create(String key, Object desired, Context ctx) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Observed actual, Context ctx) {
        }
    }

    /** A resource that uses the ids in "uses" and was made at "created", as its kind read them. */
    private static Observed o(String key, String id, Map<String, String> facts) {
        String uses = facts.get("uses");
        return new Observed(key, id, "available", Map.of(), Map.of(), null)
                .referring(uses == null ? Set.of() : Set.of(uses.split(",")))
                .madeAt(Optional.ofNullable(facts.get("created")).map(Instant::parse).orElse(null));
    }

    @Test
    void theCopyAnotherResourceUsesIsKeptEvenWhenListedSecondAndYounger() {
        Kind subnets = new Kind("subnet", false);
        Kind nats = new Kind("nat", false);
        Snapshot s = new Snapshot();
        s.add(subnets, List.of(o("subnet/public-a", "subnet-old", Map.of("created", "2025-01-01T00:00:00Z")),
                o("subnet/public-a", "subnet-used", Map.of("created", "2025-06-01T00:00:00Z"))));
        s.add(nats, List.of(o("nat/a", "nat-1", Map.of("uses", "subnet-used"))));
        s.chooseAmongDuplicates();
        assertEquals("subnet-used", s.find("subnet/public-a").orElseThrow().id());
        assertEquals(List.of("subnet-old"), s.duplicates().stream().map(Observed::id).toList());
        assertEquals("subnet", s.kindOf(s.duplicates().get(0)));
    }

    @Test
    void withoutReferencesTheOldestIsKept() {
        Kind vpcs = new Kind("vpc", false);
        Snapshot s = new Snapshot();
        s.add(vpcs, List.of(o("vpc/main", "vpc-new", Map.of("created", "2025-06-01T00:00:00Z")),
                o("vpc/main", "vpc-old", Map.of("created", "2025-01-01T00:00:00Z")),
                o("vpc/main", "vpc-unknown", Map.of())));
        s.chooseAmongDuplicates();
        assertEquals("vpc-old", s.find("vpc/main").orElseThrow().id());
        assertEquals(Set.of("vpc-new", "vpc-unknown"), Set.copyOf(s.duplicates().stream().map(Observed::id).toList()));
    }

    @Test
    void copiesOfStatefulKindsAreReportedNeverDeleted() {
        Kind instances = new Kind("instance", true);
        Kind targets = new Kind("target", false);
        Snapshot s = new Snapshot();
        // "Launch more like this": the copy is older than nothing, but the target group has the original.
        s.add(instances, List.of(o("instance/app", "i-copy", Map.of("created", "2025-01-01T00:00:00Z")),
                o("instance/app", "i-original", Map.of("created", "2025-02-01T00:00:00Z"))));
        s.add(targets, List.of(o("target/app", "i-original", Map.of("uses", "i-original"))));
        s.chooseAmongDuplicates();
        assertEquals("i-original", s.find("instance/app").orElseThrow().id());
        assertEquals(List.of(), s.duplicates(), "nothing of a stateful kind is planned for deletion");
        assertEquals(List.of("i-copy"), s.keptDuplicates().stream().map(Observed::id).toList());
        assertEquals(List.of(), new Planner(k -> Map.of()).plan(new Graph(List.of()), s).entries().stream()
                .filter(c -> c.id().equals("i-copy")).toList());
    }
}
