package dev.hackathon.infra.deploy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that run the on-instance script: a fresh {@link InstanceRoot} each, serving api:80, app:3000, svc:8080. */
abstract class OnAnInstance {

    @TempDir
    Path dir;
    InstanceRoot instance;

    @BeforeEach
    void instance() throws IOException {
        instance = new InstanceRoot(dir);
        instance.serves("api", 80);
        instance.serves("app", 3000);
        instance.serves("svc", 8080);
    }

    @AfterEach
    void close() throws IOException {
        instance.close();
    }

    Packager.Release laravel(String version) throws PackagingException {
        return instance.bundle(InstanceRoot.laravelApp(dir.resolve("src-" + version), version),
                instance.laravel("api", 80));
    }
}
