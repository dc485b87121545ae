package dev.hackathon.infra.resources.dns;

/** Route 53 answers names lower case with a final dot and {@code *} as {@code \052}: compare them normalised. */
final class RecordNames {

    private RecordNames() {
    }

    static String normal(String name) {
        String n = name.replace("\\052", "*").toLowerCase();
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
