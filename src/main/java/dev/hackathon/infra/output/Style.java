package dev.hackathon.infra.output;

/** ANSI colours, or none: off with NO_COLOR, --no-color, or when the stream is not a terminal. */
public record Style(boolean color) {

    /**
     * Whether output is coloured: at a terminal, unless NO_COLOR is set or --no-color given.
     * One rule for results, progress and help alike.
     */
    public static boolean colors(boolean terminal, boolean noColorOption, java.util.Map<String, String> env) {
        return terminal && !noColorOption && !env.containsKey("NO_COLOR");
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
