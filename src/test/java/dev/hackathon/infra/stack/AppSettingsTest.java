package dev.hackathon.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.testing.TestConfigs;

/** Sanctum across subdomains, the scheme from the certificate, and the records to print for a registrar. */
class AppSettingsTest {

    private static final StackEndpoints NONE = new StackEndpoints(null, null, null, null, null, null, false,
            List.of("instance/app", "db/main", "cache/main"));

    @Test
    void theSessionCookieIsForTheHostsCommonParentDomain() {
        assertEquals(".example.com", AppSettings.sessionDomain("api.example.com", "example.com"));
        assertEquals(".example.com", AppSettings.sessionDomain("api.example.com", "www.example.com"));
        assertEquals(".team.example.co", AppSettings.sessionDomain("api.team.example.co", "app.team.example.co"));
        assertEquals("", AppSettings.sessionDomain("api.one.dev", "web.two.io"), "no shared cookie across domains");
        assertEquals(".example.com", AppSettings.sessionDomain("example.com", "example.com"));
    }

    @Test
    void hostsByTargetNameSchemeByCertificateAndNothingSecretWithoutAPassword() {
        StackConfig seed = TestConfigs.seed("s");
        Map<String, String> env = AppSettings.laravel(seed, NONE, null);
        assertEquals("http://api.example.com", env.get("APP_URL"));
        assertEquals("example.com", env.get("SANCTUM_STATEFUL_DOMAINS"));
        assertFalse(env.containsKey("DB_PASSWORD"));
        StackEndpoints https = new StackEndpoints(null, null, null, null, null, null, true, List.of());
        StackConfig swapped = seed.withLoadBalancer(new LoadBalancer("auto", seed.loadBalancer().targets(),
                List.of(new Rule("api.team.dev", "api", 5), new Rule("team.dev", "app", 6))));
        assertEquals("https://api.team.dev", AppSettings.nextjs(swapped, https).get("NEXT_PUBLIC_API_URL"));
        assertEquals("team.dev", AppSettings.laravel(swapped, https, "pw").get("SANCTUM_STATEFUL_DOMAINS"));
        assertEquals("pw", AppSettings.laravel(swapped, https, "pw").get("DB_PASSWORD"));
    }

    @Test
    void anApexNeedsTheRegistrarsAliasASubdomainACname() {
        assertEquals(true, DnsRecords.apex("example.com"));
        assertEquals(false, DnsRecords.apex("api.example.com"));
    }
}
