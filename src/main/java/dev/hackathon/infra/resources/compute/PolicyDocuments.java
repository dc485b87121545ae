package dev.hackathon.infra.resources.compute;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * IAM policy documents compared by meaning, not by text. IAM answers them URL-encoded and
 * may reorder keys or turn a one-element list into a scalar; every list in a policy is a set
 * (statements, actions, resources, condition values), so a canonical form sorts them and
 * collapses single-element lists. Two documents with the same canonical form are no drift.
 */
public final class PolicyDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyDocuments() {
    }

    /** Parses a document as IAM returns it: URL-encoded JSON (AWS) or plain JSON (emulators). */
    public static JsonNode parse(String document) {
        String text = document == null ? "" : document.trim();
        if (!text.startsWith("{")) {
            // Only decode what is encoded: URLDecoder would turn a literal '+' of plain JSON into a space.
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON policy document: " + abbreviate(text), e);
        }
    }

    public static String toJson(JsonNode node) {
        return node.toString();
    }

    /** The canonical form: object keys sorted, lists as sorted sets, one-element lists as their element. */
    public static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                sorted.put(f.getKey(), canonical(f.getValue()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            TreeMap<String, JsonNode> distinct = new TreeMap<>();
            node.forEach(e -> {
                JsonNode c = canonical(e);
                distinct.put(c.toString(), c);
            });
            if (distinct.size() == 1) {
                return distinct.firstEntry().getValue();
            }
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            distinct.values().forEach(out::add);
            return out;
        }
        return node;
    }

    /**
     * Exactly {@code secretsmanager:GetSecretValue} on one secret: the database's master secret,
     * whose ARN (partition included) RDS reports, so nothing here builds an ARN.
     */
    public static JsonNode readSecret(String secretArn) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("Version", "2012-10-17");
        ObjectNode s = doc.putArray("Statement").addObject();
        s.put("Sid", "ReadDatabaseSecret");
        s.put("Effect", "Allow");
        s.put("Action", "secretsmanager:GetSecretValue");
        s.put("Resource", secretArn);
        return doc;
    }

    /** One line per Allow statement: "action, action on resource, resource", statements joined by "; ". */
    public static String summary(JsonNode document) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : list(document.get("Statement"))) {
            if ("Allow".equals(s.path("Effect").asText())) {
                List<String> actions = new ArrayList<>();
                List<String> resources = new ArrayList<>();
                list(s.get("Action")).forEach(a -> actions.add(a.asText()));
                list(s.get("Resource")).forEach(r -> resources.add(r.asText()));
                out.add(String.join(", ", actions) + " on " + String.join(", ", resources));
            }
        }
        return String.join("; ", out);
    }

    public static boolean sameMeaning(JsonNode a, JsonNode b) {
        return canonical(a).equals(canonical(b));
    }

    /** Every value of a statement field ("Action", "Resource") over the Allow statements. */
    public static Set<String> allowed(JsonNode document, String field) {
        Set<String> out = new TreeSet<>();
        for (JsonNode s : list(document.get("Statement"))) {
            if ("Allow".equals(s.path("Effect").asText())) {
                list(s.get(field)).forEach(v -> out.add(v.asText()));
            }
        }
        return out;
    }

    /** True when the Allow statements use a field that widens in ways our documents never do. */
    public static boolean usesAny(JsonNode document, String... fields) {
        for (JsonNode s : list(document.get("Statement"))) {
            if ("Allow".equals(s.path("Effect").asText())) {
                for (String f : fields) {
                    if (s.has(f)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
