package dev.hackathon.infra.output.html;

/**
 * Escaping for the pages. Everything that comes from AWS or from a config (ids, states, hosts,
 * drift values, warnings) goes through here before it reaches a page, in text and in attributes
 * alike; control characters become U+FFFD so that nothing can end a tag or start a script.
 */
public final class Html {

    private Html() {
    }

    /** Text or an attribute value (quoted with "): &amp;, &lt;, &gt;, &quot; and &#39; escaped. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** Cut to {@code max} characters with an ellipsis, for a box of fixed width; the whole text goes in a title. */
    public static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * A link target that can only be a web address or a file beside the page: anything with
     * another scheme (javascript:, data:) becomes "#".
     */
    public static String href(String url) {
        if (url == null) {
            return "#";
        }
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean web = lower.startsWith("https://") || lower.startsWith("http://");
        boolean relative = !lower.contains(":") && !lower.startsWith("//");
        return web || relative ? escape(url) : "#";
    }
}
