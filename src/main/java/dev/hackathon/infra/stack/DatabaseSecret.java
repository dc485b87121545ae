package dev.hackathon.infra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The database's master password, from the secret RDS manages (ManageMasterUserPassword):
 * a JSON document {@code {"username": ..., "password": ...}}. Read only when a person asks
 * ({@code env --reveal}); the tool never keeps or logs it.
 */
public final class DatabaseSecret {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DatabaseSecret() {
    }

    public static String password(SecretsManagerClient secrets, String secretArn) {
        String json = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
        try {
            JsonNode doc = MAPPER.readTree(json);
            JsonNode p = doc.get("password");
            if (p == null || !p.isTextual()) {
                throw new IllegalStateException("secret " + secretArn + " has no \"password\" field");
            }
            return p.asText();
        } catch (java.io.IOException e) {
            // never quote the secret's text in the message
            throw new IllegalStateException("secret " + secretArn + " is not the JSON document RDS writes");
        }
    }
}
