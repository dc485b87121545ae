package dev.hackathon.infra.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Ownership is the tool's only state: tags decide what is ours, names and tokens come from stack and key. */
class OwnershipTest {

    private final Ownership hackathon = new Ownership("hackathon");

    @Test
    void aClientTokenIsTheSameForTheSameStackKeyAndSaltAndOnlyThen() {
        String token = hackathon.clientToken("nat/a", "subnet-1", "eipalloc-1");
        // A retried or resumed run (a new process) asks again with the same token: AWS returns the first result.
        assertEquals(token, new Ownership("hackathon").clientToken("nat/a", "subnet-1", "eipalloc-1"));
        assertNotEquals(token, new Ownership("other").clientToken("nat/a", "subnet-1", "eipalloc-1"), "another stack");
        assertNotEquals(token, hackathon.clientToken("nat/b", "subnet-1", "eipalloc-1"), "another key");
        assertNotEquals(token, hackathon.clientToken("nat/a", "subnet-2", "eipalloc-1"), "rebuilt from a new subnet");
    }

    @Test
    void aClientTokenFitsWhatEc2Accepts() {
        // RunInstances and CreateNatGateway take at most 64 ASCII characters.
        String token = new Ownership("a-very-long-stack-nm").clientToken("instance/app", "subnet-0123456789abcdef0",
                "ami-0123456789abcdef0", "t3.small");
        assertTrue(token.matches("hi-[0-9a-f]{48}"), token);
        assertTrue(token.length() <= 64);
    }

    @Test
    void onlyTheStackTagMakesAResourceOurs() {
        assertEquals("vpc/main", hackathon.keyOf(Map.of(Ownership.STACK_TAG, "hackathon", Ownership.KEY_TAG, "vpc/main")));
        assertNull(hackathon.keyOf(Map.of(Ownership.STACK_TAG, "hackathon-b", Ownership.KEY_TAG, "vpc/main")));
        assertNull(hackathon.keyOf(Map.of(Ownership.KEY_TAG, "vpc/main", "Name", "hackathon-vpc-main")));
        assertEquals("hackathon-subnet-app-a", hackathon.name("subnet/app-a"));
    }
}
