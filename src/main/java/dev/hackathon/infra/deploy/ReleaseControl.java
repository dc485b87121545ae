package dev.hackathon.infra.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The files a release bundle carries besides the app's, under {@link #DIR}: the on-instance script
 * ({@code hackathon-deploy.sh}, this package's resource; each deploy installs it as
 * {@code /usr/local/sbin/hackathon-deploy}) and the release's manifest. Both are part of the release id:
 * a new script or new settings make a new release, which is what has to happen for them to take effect.
 */
public final class ReleaseControl {

    /** In the bundle and in every release folder on the instance. */
    public static final String DIR = ".hackathon-infra";
    public static final String SCRIPT = DIR + "/deploy";
    public static final String MANIFEST = DIR + "/release.json";
    static final String SCRIPT_RESOURCE = "hackathon-deploy.sh";

    private ReleaseControl() {
    }

    public static List<ArchiveEntry> entries(ReleaseManifest manifest) {
        return List.of(ArchiveEntry.file(SCRIPT, script(), true), ArchiveEntry.text(MANIFEST, manifest.json(), false));
    }

    /** The on-instance script's bytes, as shipped in the jar. */
    public static byte[] script() {
        try (InputStream in = ReleaseControl.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
