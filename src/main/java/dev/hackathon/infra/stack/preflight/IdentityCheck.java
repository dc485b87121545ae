package dev.hackathon.infra.stack.preflight;

import java.util.List;

import dev.hackathon.infra.aws.AwsErrors;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who is calling: the account and the caller's ARN (STS GetCallerIdentity), with the profile
 * and Region in use. The one check whose error is a failure (an endpoint that cannot be
 * reached): the others would all just warn that they could not check, and doctor would pass.
 */
final class IdentityCheck implements PreflightCheck {

    @Override
    public String id() {
        return "identity";
    }

    /**
     * Not for up or plan: they run the checks after discovery, which has reached the account
     * with the same credentials, and show only what fails; doctor names the account.
     */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.everything();
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        GetCallerIdentityResponse me;
        try {
            me = Api.call("sts:GetCallerIdentity", () -> c.aws().sts().getCallerIdentity());
        } catch (Api.CallFailed e) {
            Throwable cause = e.getCause();
            if (AwsErrors.isCredentialsError(cause) || AwsErrors.isAccessDenied(cause) || AwsErrors.isUnsupportedApi(cause)) {
                throw e; // exit 4, or a warning: see Preflight
            }
            // Every other check would only warn of the same cause: one failure says the account was not reached.
            String[] described = AwsErrors.describe(cause).split("\n  fix: ", 2);
            return List.of(Finding.fail(id(), "AWS not reached: " + described[0],
                    described.length > 1 ? described[1] : "run again; --verbose shows more"));
        }
        String profile = c.config().profile() == null ? "none (the SDK's default chain)" : c.config().profile();
        return List.of(Finding.ok(id(), "account " + me.account() + " as " + me.arn() + "; profile " + profile
                + ", Region " + c.config().region()));
    }
}
