package dev.hackathon.infra.testing;

import java.time.Duration;

import software.amazon.awssdk.services.iam.model.AddRoleToInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileRequest;

/**
 * IAM is eventually consistent with EC2 (design.md §4; terraform retries RunInstances on both
 * messages for minutes): right after CreateInstanceProfile, RunInstances naming the profile
 * answers {@code InvalidParameterValue} "Invalid IAM Instance Profile name"; right after
 * AddRoleToInstanceProfile, "... has no associated IAM Roles". Each is answered once per
 * profile, within {@link #WINDOW} of the injector's clock, and the launch does not happen.
 */
final class IamPropagation {

    static final Duration WINDOW = Duration.ofSeconds(30);

    private IamPropagation() {
    }

    static void install(AwsBehaviour.Lags lags) {
        FaultInjector faults = lags.faults();
        faults.afterSuccess("iam:CreateInstanceProfile", q -> refuse(lags,
                ((CreateInstanceProfileRequest) q).instanceProfileName(),
                "Value (%s) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"));
        faults.afterSuccess("iam:AddRoleToInstanceProfile", q -> refuse(lags,
                ((AddRoleToInstanceProfileRequest) q).instanceProfileName(),
                "The instance profile %s has no associated IAM Roles"));
    }

    private static void refuse(AwsBehaviour.Lags lags, String profile, String message) {
        if (!lags.byTool().getAsBoolean()) {
            return;
        }
        long t = lags.now().getAsLong();
        lags.faults().on("ec2:RunInstances").standing()
                .routeIf(request -> lags.byTool().getAsBoolean() && request.toString().contains(profile))
                .when(body -> profile.equals(FaultInjector.param(body, "IamInstanceProfile.Name"))
                        || String.valueOf(FaultInjector.param(body, "IamInstanceProfile.Arn")).endsWith("/" + profile))
                .times(1)
                .between(t, t + WINDOW.toMillis())
                .error("InvalidParameterValue", 400, String.format(message, profile));
    }
}
