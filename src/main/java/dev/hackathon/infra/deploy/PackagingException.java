package dev.hackathon.infra.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * An app's folder cannot be packaged as it is (names, links, size): the deploy stops before any AWS call,
 * with exit 2, one line per problem, each saying what to change.
 */
public final class PackagingException extends Exception {

    private final transient Path folder;
    private final List<String> problems;

    public PackagingException(Path folder, List<String> problems) {
        super("cannot package " + folder + ":\n  " + String.join("\n  ", problems));
        this.folder = folder;
        this.problems = List.copyOf(problems);
    }

    public Path folder() {
        return folder;
    }

    public List<String> problems() {
        return problems;
    }
}
