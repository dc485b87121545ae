package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    private static final List<String> KEYS = List.of("engine", "version", "instanceClass", "storageGb", "name",
            "username", "backupRetentionDays", "cidr", "stack", "healthCheckPath");

    @Test
    void findsTyposCaseAndSwaps() {
        assertEquals(Optional.of("instanceClass"), DidYouMean.nearest("instanceClas", KEYS));
        assertEquals(Optional.of("instanceClass"), DidYouMean.nearest("InstanceClass", KEYS));
        assertEquals(Optional.of("cidr"), DidYouMean.nearest("cdir", KEYS));
        assertEquals(Optional.of("stack"), DidYouMean.nearest("stak", KEYS));
        assertEquals(Optional.of("username"), DidYouMean.nearest("userName", KEYS));
    }

    @Test
    void findsAKeyWithItsEndLeftOff() {
        assertEquals(Optional.of("storageGb"), DidYouMean.nearest("storage", KEYS));
        assertEquals(Optional.of("healthCheckPath"), DidYouMean.nearest("healthcheck", KEYS));
        assertEquals(Optional.of("backupRetentionDays"), DidYouMean.nearest("backupRetention", KEYS));
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertEquals(Optional.empty(), DidYouMean.nearest("colour", KEYS));
        assertEquals(Optional.empty(), DidYouMean.nearest("x", KEYS));
        assertEquals("", DidYouMean.hint("port", KEYS));
    }

    @Test
    void hintIsReadyToAppend() {
        assertEquals("; did you mean 'engine'?", DidYouMean.hint("engin", KEYS));
    }
}
