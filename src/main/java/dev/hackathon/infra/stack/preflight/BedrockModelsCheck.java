package dev.hackathon.infra.stack.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.stack.ComputeTier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelDetails;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelAvailabilityResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceType;

/**
 * Each configured model (or cross-Region inference profile) exists in bedrock.region
 * (GetFoundationModel, GetInferenceProfile) and, where Bedrock tells
 * (GetFoundationModelAvailability), the account may use it: model access is granted per
 * account and Region in the console, and an instance role allowed to invoke a model the
 * account cannot use gets AccessDeniedException at the first request.
 */
final class BedrockModelsCheck implements PreflightCheck {

    /** Cross-Region inference profile ids are a model id behind a geography prefix. */
    static final Set<String> PROFILE_PREFIXES = Set.of("us", "eu", "apac", "global", "us-gov", "jp", "au", "ca");

    @Override
    public String id() {
        return "bedrock";
    }

    /** The role's policy that names the models, written or rewritten. */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(ComputeTier.BEDROCK_POLICY) || scope.changes(ComputeTier.BEDROCK_POLICY, "document");
    }

    /** The model id behind an inference profile id ("us.anthropic.x" → "anthropic.x"); null for a model id. */
    static String profileModel(String id) {
        int dot = id.indexOf('.');
        return dot > 0 && PROFILE_PREFIXES.contains(id.substring(0, dot)) && id.indexOf('.', dot + 1) > 0
                ? id.substring(dot + 1) : null;
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        String region = c.config().bedrock().region();
        BedrockClient bedrock = c.aws().bedrock(Region.of(region));
        List<Finding> out = new ArrayList<>();
        for (String model : c.config().bedrock().models()) {
            out.add(Preflight.runOne(new OneModel(model, region, bedrock), c).get(0));
        }
        return out;
    }

    /** One model's finding, so that a call it may not make warns for that model alone. */
    private record OneModel(String model, String region, BedrockClient bedrock) implements PreflightCheck {

        @Override
        public String id() {
            return "bedrock:" + model;
        }

        @Override
        public boolean neededFor(PreflightScope scope) {
            return true; // run by the bedrock check, when it is
        }

        @Override
        public List<Finding> run(PreflightContext c) {
            String behind = profileModel(model);
            String what;
            String note = "";
            try {
                if (behind != null) {
                    String status = Api.call("bedrock:GetInferenceProfile", () -> bedrock
                            .getInferenceProfile(r -> r.inferenceProfileIdentifier(model)).statusAsString());
                    what = "inference profile " + model + " (" + status + ")";
                } else {
                    FoundationModelDetails details = Api.call("bedrock:GetFoundationModel",
                            () -> bedrock.getFoundationModel(r -> r.modelIdentifier(model)).modelDetails());
                    what = "model " + model;
                    if (!details.inferenceTypesSupported().isEmpty()
                            && !details.inferenceTypesSupported().contains(InferenceType.ON_DEMAND)) {
                        note = "; it is invoked through an inference profile only";
                    }
                }
            } catch (Api.CallFailed e) {
                if (AwsErrors.isNotFound(e.getCause()) || AwsErrors.hasCode(e.getCause(), "ValidationException")) {
                    return List.of(Finding.fail(id(), (behind != null ? "inference profile " : "model ") + model
                            + " does not exist in " + region, "check the id in bedrock.models (aws bedrock "
                            + (behind != null ? "list-inference-profiles" : "list-foundation-models") + " --region "
                            + region + "), or set bedrock.region to a Region that has it"));
                }
                throw e;
            }
            if (!note.isEmpty()) {
                return List.of(Finding.warn(id(), what + " exists in " + region + note,
                        "use an inference profile id in bedrock.models, e.g. us." + model));
            }
            String modelId = behind != null ? behind : model;
            GetFoundationModelAvailabilityResponse access;
            try {
                access = Api.call("bedrock:GetFoundationModelAvailability",
                        () -> bedrock.getFoundationModelAvailability(r -> r.modelId(modelId)));
            } catch (Api.CallFailed e) {
                Finding why = Preflight.notChecked(id(), e);
                return List.of(Finding.warn(id(), what + " exists in " + region + "; access " + why.detail(), why.fix()));
            }
            String refused = refusal(access);
            if (refused == null) {
                return List.of(Finding.ok(id(), what + " exists in " + region + ", access granted"));
            }
            return List.of(Finding.fail(id(), what + " exists in " + region + " but " + refused,
                    "enable access to " + modelId + " at https://" + region + ".console.aws.amazon.com/bedrock/home?region="
                            + region + "#/modelaccess"));
        }

        /** Why the account cannot use the model, or null when nothing says it cannot. */
        private static String refusal(GetFoundationModelAvailabilityResponse a) {
            if ("NOT_AUTHORIZED".equals(a.authorizationStatusAsString())) {
                return "the account is not authorized to use it";
            }
            if (a.entitlementAvailability() != null && "NOT_AVAILABLE".equals(a.entitlementAvailabilityAsString())) {
                return "model access is not granted to the account";
            }
            if (a.regionAvailability() != null && "NOT_AVAILABLE".equals(a.regionAvailabilityAsString())) {
                return "it is not available in this Region";
            }
            if (a.agreementAvailability() != null && "NOT_AVAILABLE".equals(a.agreementAvailability().statusAsString())) {
                return "its end-user agreement is not accepted";
            }
            return null;
        }
    }
}
