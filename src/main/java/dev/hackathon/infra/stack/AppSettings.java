package dev.hackathon.infra.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.Rule;

/**
 * The apps' settings for this stack's layout: Laravel's {@code .env} keys and Next.js's.
 *
 * <p>The front end and the API are two hosts of one domain ({@code example.com} and
 * {@code api.example.com}), so Sanctum's SPA authentication needs three things right, or the
 * browser gets 419 (CSRF) and 401 (laravel/sanctum#156): the session cookie set for the
 * parent domain ({@code SESSION_DOMAIN=.example.com}) so both hosts see it; the front end's
 * host listed as stateful ({@code SANCTUM_STATEFUL_DOMAINS=example.com}) so Sanctum starts a
 * session for its requests; and Laravel seeing the original scheme and host, which only the
 * load balancer knows. {@code TRUSTED_PROXIES} is the VPC's CIDR: the instance's security
 * group admits only the load balancer, whose nodes have addresses in the VPC's public
 * subnets (which change), so trusting the CIDR trusts exactly them and no one who could reach
 * the instance otherwise; '*' would also trust a forged X-Forwarded-For from anything that
 * ever got a route to it.
 */
public final class AppSettings {

    /** The rule target names that say which host is the API and which the front end. */
    static final String API_TARGET = "api";
    static final String APP_TARGET = "app";

    private AppSettings() {
    }

    /** {@code password}: null unless revealed; then it is the only secret in the map. */
    public static Map<String, String> laravel(StackConfig config, StackEndpoints e, String password) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DB_CONNECTION", "pgsql");
        m.put("DB_HOST", text(e.dbHost()));
        m.put("DB_PORT", e.dbPort() == null ? "5432" : e.dbPort().toString());
        m.put("DB_DATABASE", config.database().name());
        m.put("DB_USERNAME", config.database().username());
        if (password != null) {
            m.put("DB_PASSWORD", password);
        }
        // Not a secret: where the app on the instance reads its password at start (user-data.sh).
        m.put("DB_SECRET_ARN", text(e.dbSecretArn()));
        m.put("REDIS_CLIENT", "predis"); // phpredis is not packaged for Amazon Linux 2023; predis is one composer require
        m.put("REDIS_HOST", text(e.cacheHost()));
        m.put("REDIS_PORT", e.cachePort() == null ? "6379" : e.cachePort().toString());
        m.put("REDIS_SCHEME", "tls"); // the replication group encrypts in transit: plain TCP is refused
        m.put("APP_URL", apiUrl(config, e));
        String front = host(config, APP_TARGET);
        m.put("SESSION_DOMAIN", sessionDomain(host(config, API_TARGET), front));
        m.put("SESSION_SECURE_COOKIE", Boolean.toString(e.https()));
        m.put("SANCTUM_STATEFUL_DOMAINS", text(front));
        m.put("TRUSTED_PROXIES", config.network().cidr());
        m.put("AWS_DEFAULT_REGION", config.region());
        List<String> models = config.bedrock().models() == null ? List.of() : config.bedrock().models();
        m.put("BEDROCK_REGION", config.bedrock().region());
        m.put("BEDROCK_MODEL_ID", models.isEmpty() ? "" : models.get(0));
        m.put("BEDROCK_MODEL_IDS", String.join(",", models));
        return m;
    }

    public static Map<String, String> nextjs(StackConfig config, StackEndpoints e) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("NEXT_PUBLIC_API_URL", apiUrl(config, e));
        return m;
    }

    /** https once the load balancer has a certificate (given, or auto and issued); http before. */
    static String apiUrl(StackConfig config, StackEndpoints e) {
        String host = host(config, API_TARGET);
        return host == null ? "" : (e.https() ? "https://" : "http://") + host;
    }

    /** The host of the first rule to this target, else the first rule's. */
    static String host(StackConfig config, String target) {
        List<Rule> rules = config.loadBalancer().rules();
        return rules.stream().filter(r -> r.target().equals(target)).map(Rule::host).findFirst()
                .orElse(rules.isEmpty() ? null : rules.get(0).host());
    }

    /**
     * The two hosts' common parent domain with a leading dot ({@code .example.com} for
     * example.com and api.example.com); the one host when they have none beyond a public suffix.
     */
    static String sessionDomain(String api, String front) {
        if (api == null || front == null) {
            return text(Objects.requireNonNullElse(api, front));
        }
        String[] a = api.toLowerCase().split("\\.");
        String[] f = front.toLowerCase().split("\\.");
        int common = 0;
        while (common < Math.min(a.length, f.length) && a[a.length - 1 - common].equals(f[f.length - 1 - common])) {
            common++;
        }
        if (common < 2) {
            return front.equalsIgnoreCase(api) ? front : "";
        }
        StringBuilder d = new StringBuilder();
        for (int i = f.length - common; i < f.length; i++) {
            d.append('.').append(f[i]);
        }
        return d.toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
