package dev.hackathon.infra.resources.compute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bedrock model ids and cross-Region inference profiles. A profile id is a model id with a
 * geography prefix ({@code us.anthropic.claude-3-5-haiku-20241022-v1:0}); invoking it needs
 * the profile's ARN in the source Region ({@code arn:<partition>:bedrock:<region>:<account>:
 * inference-profile/<id>}) and the foundation model in every Region the profile may route to
 * (Bedrock user guide, "Prerequisites for inference profiles": "you must also specify the
 * foundation model in each Region associated with it"). Least privilege: the destination
 * Regions are listed per geography, the union over the models AWS documents for it, not
 * {@code *}; a {@code global.} profile may route to any commercial Region, for which the
 * user guide's global inference policy uses the foundation model ARN with no Region.
 */
public final class BedrockModels {

    /** Geography prefix → the Regions its profiles route to (the source Region must be one of them). */
    public static final Map<String, List<String>> PROFILE_DESTINATIONS = destinations();

    /** Providers of Bedrock model ids: the part before the first dot of a model id. */
    public static final Set<String> PROVIDERS = Set.of("ai21", "amazon", "anthropic", "cohere", "deepseek", "meta",
            "mistral", "stability", "writer", "luma", "twelvelabs", "qwen", "openai", "google", "minimax", "moonshot",
            "moonshotai", "nvidia");

    /** A {@code global.} profile: routed to any commercial Region. */
    public static final String GLOBAL = "global";

    private BedrockModels() {
    }

    private static Map<String, List<String>> destinations() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("us", List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2"));
        m.put("us-gov", List.of("us-gov-east-1", "us-gov-west-1"));
        m.put("ca", List.of("ca-central-1", "ca-west-1"));
        m.put("eu", List.of("eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
                "eu-west-2", "eu-west-3"));
        m.put("apac", List.of("ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
                "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
                "ap-southeast-7"));
        m.put("jp", List.of("ap-northeast-1", "ap-northeast-3"));
        m.put("au", List.of("ap-southeast-2", "ap-southeast-4"));
        return m;
    }

    /** The geography prefix of a profile id ({@code us}, {@code global}), or empty for a model id. */
    public static Optional<String> profilePrefix(String id) {
        int dot = id.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String head = id.substring(0, dot);
        return head.equals(GLOBAL) || PROFILE_DESTINATIONS.containsKey(head) ? Optional.of(head) : Optional.empty();
    }

    /** The foundation model an id names: the id itself, or a profile id without its prefix. */
    public static String modelOf(String id) {
        return profilePrefix(id).map(p -> id.substring(p.length() + 1)).orElse(id);
    }

    /** The provider of a model id ({@code anthropic}), or null when it has no dot. */
    public static String providerOf(String modelId) {
        int dot = modelId.indexOf('.');
        return dot <= 0 ? null : modelId.substring(0, dot);
    }

    /**
     * What the instance's role must be allowed to invoke for {@code id} called from {@code region}:
     * the foundation model there; for a profile, the profile and the model in each destination.
     */
    public static List<String> resources(String partition, String region, String account, String id) {
        List<String> out = new ArrayList<>();
        Optional<String> prefix = profilePrefix(id);
        String model = modelOf(id);
        if (prefix.isEmpty()) {
            out.add(foundationModel(partition, region, model));
            return out;
        }
        out.add("arn:" + partition + ":bedrock:" + region + ":" + account + ":inference-profile/" + id);
        if (prefix.get().equals(GLOBAL)) {
            out.add(foundationModel(partition, region, model));
            out.add(foundationModel(partition, "", model)); // any commercial Region: the ARN without one
        } else {
            PROFILE_DESTINATIONS.get(prefix.get()).forEach(r -> out.add(foundationModel(partition, r, model)));
        }
        return out;
    }

    private static String foundationModel(String partition, String region, String model) {
        return "arn:" + partition + ":bedrock:" + region + "::foundation-model/" + model;
    }
}
