package dev.hackathon.infra.stack.preflight;

import java.util.List;

import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Who is calling: the account and the caller's ARN (STS GetCallerIdentity), with the profile and Region in use. */
final class IdentityCheck implements PreflightCheck {

    @Override
    public String id() {
        return "identity";
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        GetCallerIdentityResponse me = Api.call("sts:GetCallerIdentity", () -> c.aws().sts().getCallerIdentity());
        String profile = c.config().profile() == null ? "none (the SDK's default chain)" : c.config().profile();
        return List.of(Finding.ok(id(), "account " + me.account() + " as " + me.arn() + "; profile " + profile
                + ", Region " + c.config().region()));
    }
}
