package dev.hackathon.infra.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The moment a config's {@code expiresAt} means: a date-time as written, a bare date at the end of that day (UTC). */
public final class Expiry {

    private Expiry() {
    }

    /** Null for a config without {@code expiresAt}; the loader has checked its shape. */
    public static Instant of(String expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        return expiresAt.contains("T") ? OffsetDateTime.parse(expiresAt).toInstant()
                : LocalDate.parse(expiresAt).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
