package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Discovery reads {@link StackKinds#all()}: it must hold every kind, or orphans of a missing one are never found. */
class StackKindsTest {

    private static final AwsSession AWS = new AwsSession(Region.AP_NORTHEAST_1, URI.create("http://127.0.0.1:9"),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), List.of());

    @AfterAll
    static void close() {
        AWS.close();
    }

    @Test
    void allHoldsEveryKindFieldOnceWithDistinctNames() throws Exception {
        StackKinds kinds = new StackKinds(AWS, StackKinds.Settings.of(new Ownership("k")));
        Set<ResourceKind<?>> fields = new HashSet<>();
        for (Field f : StackKinds.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && ResourceKind.class.isAssignableFrom(f.getType())) {
                fields.add((ResourceKind<?>) f.get(kinds));
            }
        }
        List<ResourceKind<?>> all = kinds.all();
        assertEquals(fields, Set.copyOf(all));
        assertEquals(all.size(), Set.copyOf(all).size(), "each kind once");
        assertEquals(all.size(), all.stream().map(ResourceKind::name).distinct().count(), "distinct names");
    }
}
