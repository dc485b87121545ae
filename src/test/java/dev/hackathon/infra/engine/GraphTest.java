package dev.hackathon.infra.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {

    private final FakeKind kind = new Harness().kind("x", "thing");

    @Test
    void rejectsACycle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Harness.graph(
                Node.of("x/root", kind, "1"),
                Node.of("x/a", kind, "1", "x/root", "x/c"),
                Node.of("x/b", kind, "1", "x/a"),
                Node.of("x/c", kind, "1", "x/b")));
        assertEquals("dependency cycle among [x/a, x/b, x/c]", e.getMessage());
    }

    @Test
    void rejectsANodeDependingOnItself() {
        assertThrows(IllegalArgumentException.class, () -> Harness.graph(Node.of("x/a", kind, "1", "x/a")));
    }

    @Test
    void rejectsAnUnknownDependency() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Harness.graph(
                Node.of("x/a", kind, "1"), Node.of("x/b", kind, "1", "x/nope")));
        assertEquals("x/b depends on unknown x/nope", e.getMessage());
    }

    @Test
    void rejectsADuplicateKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Harness.graph(
                Node.of("x/a", kind, "1"), Node.of("x/a", kind, "2")));
        assertEquals("duplicate key x/a", e.getMessage());
    }

    @Test
    void ordersDependenciesFirstWhateverTheListingOrder() {
        Graph g = Harness.graph(
                Node.of("x/leaf", kind, "1", "x/mid"),
                Node.of("x/mid", kind, "1", "x/root"),
                Node.of("x/root", kind, "1"));
        List<String> order = g.topologicalOrder();
        assertEquals(List.of("x/root", "x/mid", "x/leaf"), order);
        assertEquals(java.util.Set.of("x/leaf"), g.dependentsOf("x/mid"));
        assertTrue(g.dependentsOf("x/leaf").isEmpty());
    }
}
