package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.iam.PolicyJson;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * IAM's {@code GetRole} on the execution role (EP303): its trust policy, which IAM returns URL-encoded, judged by
 * {@link PolicyJson#trustsEcsTasks}.
 *
 * @param trusts null when the document cannot tell
 * @param unavailable why IAM could not be asked; null when it answered
 */
record IamRoleTrust(Boolean trusts, String unavailable) {

    static final String ACTION = "iam:GetRole";

    static IamRoleTrust of(AwsClients aws, String roleArn) {
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        try {
            Role role = aws.iam().getRole(request -> request.roleName(name)).role();
            String document = role.assumeRolePolicyDocument();
            if (document == null) {
                return new IamRoleTrust(null, null);
            }
            return new IamRoleTrust(
                    PolicyJson.trustsEcsTasks(JsonTrees.read(URLDecoder.decode(document, StandardCharsets.UTF_8))),
                    null);
        } catch (PreflightException e) {
            return new IamRoleTrust(null, e.getMessage());
        } catch (IOException e) {
            return new IamRoleTrust(null, null); // not JSON: IAM would not have stored it
        } catch (SdkException e) {
            if (AwsFailures.isAccessDenied(e)) {
                return new IamRoleTrust(
                        null,
                        "AWS denied " + ACTION + " on " + roleArn + " (" + AwsFailures.code((AwsServiceException) e)
                                + "); grant " + ACTION + " to the role or user the build runs as to have its trust "
                                + "policy checked");
            }
            if (e instanceof AwsServiceException failure
                    && "NoSuchEntity".equalsIgnoreCase(AwsFailures.code(failure))) {
                return new IamRoleTrust(null, "IAM has no role " + roleArn + " (NoSuchEntity)");
            }
            return new IamRoleTrust(null, aws.scrub(AwsFailures.cause("IAM", ACTION, e, aws)));
        }
    }
}
