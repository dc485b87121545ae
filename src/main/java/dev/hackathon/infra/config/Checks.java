package dev.hackathon.infra.config;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.hackathon.infra.resources.compute.BedrockModels;

/** The rules for single values of the config (design.md §2), named so the validator reads as the schema. */
final class Checks {

    static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    static final Check STACK = value -> {
        if (!value.matches("[a-z][a-z0-9-]{1,20}") || value.endsWith("-")) {
            return "expected 2 to 21 characters: a lower-case letter, then lower-case letters, digits or '-', "
                    + "not ending in '-'; got " + YamlNode.quote(value);
        }
        return null;
    };
    static final Check REGION = matching(REGION_NAME, "a region name like ap-northeast-1 or us-east-1");
    static final Check AVAILABILITY_ZONE = matching(Pattern.compile(REGION_NAME.pattern() + "[a-z]"),
            "an availability zone like ap-northeast-1a (a region and a letter)");
    static final Check PROFILE = value -> value.isBlank() || !value.strip().equals(value) || value.contains(" ")
            ? "expected an AWS CLI profile name, got " + YamlNode.quote(value) : null;
    static final Check EXPIRES_AT = Checks::expiresAt;

    static final Check DB_ENGINE = oneOf(List.of("postgres"));
    static final Check DB_VERSION = matching(Pattern.compile("\\d{1,3}(\\.\\d{1,3})?"),
            "a PostgreSQL version like \"16\" or \"16.4\"");
    static final Check DB_INSTANCE_CLASS = matching(Pattern.compile("db(\\.[a-z0-9-]+){2,}"),
            "an RDS instance class like db.t4g.micro");
    static final Check DB_NAME = matching(Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}"),
            "a letter, then up to 62 letters, digits or '_'");
    /**
     * RDS refuses its own accounts, "admin" and SQL keywords as the master user; "postgres" is refused too so
     * that the application's user is never mistaken for the engine's well-known superuser.
     */
    static final Set<String> RESERVED_USERNAMES = Set.of("rdsadmin", "rdsrepladmin", "rds_superuser", "postgres",
            "admin", "public", "user");
    static final Check DB_USERNAME = value -> {
        String shape = DB_NAME.problem(value);
        if (shape == null && RESERVED_USERNAMES.contains(value.toLowerCase(Locale.ROOT))) {
            return "'" + value + "' is reserved on RDS for PostgreSQL; choose another master user name, e.g. app";
        }
        return shape;
    };

    static final Check CACHE_ENGINE = oneOf(List.of("valkey", "redis"));
    static final Check CACHE_NODE_TYPE = matching(Pattern.compile("cache(\\.[a-z0-9-]+){2,}"),
            "an ElastiCache node type like cache.t4g.micro");

    static final Check INSTANCE_TYPE = matching(Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+"),
            "an EC2 instance type like t3.small");
    static final Check AMI = matching(Pattern.compile("al2023|ami-([0-9a-f]{8}|[0-9a-f]{17})"),
            "al2023 (the latest Amazon Linux 2023) or an AMI id like ami-0123456789abcdef0");

    private static final Check MODEL_ID_SHAPE = matching(Pattern.compile("[a-z0-9-]+\\.[A-Za-z0-9._:-]+"),
            "a Bedrock model id like anthropic.claude-3-haiku-20240307-v1:0");
    /**
     * A foundation model id ({@code <provider>.<model>}) or a cross-Region inference profile id
     * (a geography prefix, then a model id): anything else (a typo'd prefix such as {@code usa.})
     * would pass to the policy and fail at run time with AccessDenied.
     */
    static final Check MODEL_ID = value -> {
        String shape = MODEL_ID_SHAPE.problem(value);
        if (shape != null) {
            return shape;
        }
        String provider = BedrockModels.providerOf(BedrockModels.modelOf(value));
        if (provider == null || !BedrockModels.PROVIDERS.contains(provider)) {
            return "expected a Bedrock model id (<provider>.<model>, provider one of "
                    + String.join(", ", new java.util.TreeSet<>(BedrockModels.PROVIDERS))
                    + ") or an inference profile id (one of " + String.join(". ", profilePrefixes())
                    + ". then a model id); got " + YamlNode.quote(value);
        }
        return null;
    };

    static List<String> profilePrefixes() {
        List<String> out = new java.util.ArrayList<>(BedrockModels.PROFILE_DESTINATIONS.keySet());
        out.add(BedrockModels.GLOBAL);
        return out;
    }

    /** Group 1 is the certificate's region, which must be the load balancer's. */
    static final Pattern CERTIFICATE_ARN_SHAPE = Pattern.compile(
            "arn:aws[a-z-]*:acm:(" + REGION_NAME.pattern() + "):\\d{12}:certificate/[A-Za-z0-9-]+");
    /** {@code auto}, {@code none}, a hosted zone id (Z + upper-case letters and digits) or a domain name. */
    static final Check DNS_ZONE = matching(Pattern.compile(
            "auto|none|Z[A-Z0-9]{1,31}|(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}\\.?"),
            "auto, none, a hosted zone id like Z0123456789ABCDEFGHIJ, or a zone name like example.com");
    static final Check CERTIFICATE_ARN = matching(CERTIFICATE_ARN_SHAPE,
            "an ACM certificate ARN like arn:aws:acm:ap-northeast-1:123456789012:certificate/<id>, or auto (a certificate the tool requests for the rule hosts)");
    static final Check TARGET_NAME = matching(Pattern.compile("[a-z][a-z0-9-]{0,20}"),
            "a target name of 1 to 21 characters: a lower-case letter, then lower-case letters, digits or '-'");
    static final Check HEALTH_CHECK_PATH = matching(Pattern.compile("/[\\x21-\\x7e]{0,1023}"),
            "a path starting with '/', like /up");
    static final Check HOST = Checks::host;
    /** A shell command of an app (its build steps, its start). */
    static final Check COMMAND = value -> value.isBlank() ? "expected a shell command, got an empty text" : null;

    /** The characters every service we tag accepts (RDS and ElastiCache are stricter than EC2). */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final List<String> RESERVED_TAG_PREFIXES = List.of("aws:", "hackathon-infra:");

    static final Check TAG_KEY = value -> {
        if (value.isEmpty() || value.length() > 128) {
            return "a tag key is 1 to 128 characters, got " + value.length();
        }
        for (String prefix : RESERVED_TAG_PREFIXES) {
            if (value.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return "tag keys starting with '" + prefix + "' are reserved"
                        + (prefix.startsWith("aws") ? " by AWS" : " for the tool's own tags");
            }
        }
        return tagText(value);
    };
    static final Check TAG_VALUE = value -> value.length() > 256
            ? "a tag value is at most 256 characters, got " + value.length() : tagText(value);

    private Checks() {
    }

    static Check matching(Pattern pattern, String expected) {
        return value -> pattern.matcher(value).matches() ? null
                : "expected " + expected + ", got " + YamlNode.quote(value);
    }

    static Check oneOf(List<String> allowed) {
        return value -> allowed.contains(value) ? null
                : "expected " + String.join(" or ", allowed) + ", got " + YamlNode.quote(value)
                        + DidYouMean.hint(value, allowed);
    }

    private static String tagText(String value) {
        return TAG_TEXT.matcher(value).matches() ? null
                : "only letters, digits, spaces and _ . : / = + - @ are allowed in tags, got " + YamlNode.quote(value);
    }

    private static String expiresAt(String value) {
        try {
            if (value.contains("T")) {
                OffsetDateTime.parse(value);
            } else {
                LocalDate.parse(value);
            }
            return null;
        } catch (DateTimeParseException e) {
            return "expected an ISO-8601 date like 2026-12-01 or a date-time with an offset like "
                    + "2026-12-01T18:00:00Z, got " + YamlNode.quote(value);
        }
    }

    /**
     * Lower case only: ALB host conditions ignore case, and one spelling keeps the duplicate check honest.
     * At most 128 characters, an ALB host condition's limit (tighter than DNS's 253).
     */
    private static String host(String value) {
        if (value.length() > 128) {
            return "a load balancer host condition is at most 128 characters, got " + value.length();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals(value)) {
            return "write host names in lower case: " + YamlNode.quote(lower);
        }
        String name = value.startsWith("*.") ? value.substring(2) : value;
        for (String label : name.split("\\.", -1)) {
            if (!label.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                return "expected a host name like api.example.com or *.example.com, got " + YamlNode.quote(value);
            }
        }
        return null;
    }
}
