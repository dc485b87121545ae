package dev.hackathon.infra.output.html;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.output.html.StackView.RuleView;
import dev.hackathon.infra.stack.EdgeTier;
import dev.hackathon.infra.output.html.StackView.TargetView;

/**
 * The stack drawn as design.md §1 draws it, as inline SVG: the internet, the load balancer and
 * its listeners, one box per host rule, one per target group with its targets, the instance with
 * its NAT gateway beside it, the database and the cache below, the VPC around them. Each box is
 * coloured by its health and says it in words ({@link Health}); a long host or id is cut to fit
 * its box and given whole in the box's tooltip and in the page's table.
 */
final class StackDiagram {

    static final int BOX_W = 228;
    static final int BOX_H = 84;
    static final int GAP = 24;
    static final int MARGIN = 28;
    /** Characters of the monospace lines that fit a box (12px, about 7.3px a character, 10px padding each side). */
    static final int LINE_CHARS = 28;

    private static final int ROW_ALB = 104;
    private static final int ROW_RULES = 250;
    private static final int ROW_TARGETS = 384;
    private static final int ROW_INSTANCE = 518;
    private static final int ROW_DATA = 652;
    private static final int ROW_OTHERS = 760;
    private static final int OTHERS_H = 62;

    private final StackView view;
    private final int width;
    private final StringBuilder svg = new StringBuilder();

    private StackDiagram(StackView view) {
        this.view = view;
        int columns = Math.max(3, Math.max(view.rules().size(), view.targets().size()));
        this.width = 2 * MARGIN + columns * BOX_W + (columns - 1) * GAP;
    }

    static String svg(StackView view) {
        return new StackDiagram(view).draw();
    }

    private String draw() {
        int height = ROW_OTHERS + OTHERS_H + 28;
        svg.append("<svg class=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"group\" aria-labelledby=\"diagram-title\">\n")
                .append("<title id=\"diagram-title\">Architecture of stack ").append(Html.escape(view.stack()))
                .append(": ").append(Html.escape(view.health().word())).append("</title>\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" ")
                .append("markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/>")
                .append("</marker></defs>\n");
        vpc(height);
        int center = width / 2;
        svg.append("<g aria-hidden=\"true\"><rect class=\"cloud\" x=\"").append(center - 80).append("\" y=\"16\" width=\"160\" ")
                .append("height=\"34\" rx=\"17\"/><text class=\"title\" x=\"").append(center)
                .append("\" y=\"38\" text-anchor=\"middle\">Internet</text></g>\n");

        int albW = 2 * BOX_W + GAP;
        int albX = center - albW / 2;
        edge(center, 50, center, ROW_ALB);
        if (view.loadBalancer() != null) {
            box("load-balancer", view.loadBalancer(), albX, ROW_ALB, albW, "Application Load Balancer",
                    List.of(Html.cut(id(view.loadBalancer()), 2 * LINE_CHARS), listeners()), view.loadBalancer().health());
        }

        List<Integer> targetX = row(view.targets().size());
        List<Integer> ruleX = row(view.rules().size());
        for (int i = 0; i < view.rules().size(); i++) {
            RuleView r = view.rules().get(i);
            int x = ruleX.get(i);
            edge(center, ROW_ALB + BOX_H, x + BOX_W / 2, ROW_RULES);
            int t = targetIndex(r.target());
            if (t >= 0) {
                edge(x + BOX_W / 2, ROW_RULES + BOX_H, targetX.get(t) + BOX_W / 2, ROW_TARGETS);
            }
            Health h = r.node() == null ? Health.MISSING : r.node().health();
            box("rule", r.node(), x, ROW_RULES, BOX_W, "Host rule " + r.priority(),
                    List.of(Html.cut(r.host(), LINE_CHARS), Html.cut("→ target " + r.target(), LINE_CHARS)), h);
        }
        int instanceX = center - BOX_W / 2;
        for (int i = 0; i < view.targets().size(); i++) {
            TargetView t = view.targets().get(i);
            int x = targetX.get(i);
            edge(x + BOX_W / 2, ROW_TARGETS + BOX_H, center, ROW_INSTANCE);
            Health group = t.group() == null ? Health.MISSING : t.group().health();
            Health targets = t.registration() == null ? Health.MISSING : t.registration().health();
            box("target-group", t.group(), x, ROW_TARGETS, BOX_W, "Target group " + Html.cut(t.name(), 14),
                    List.of(Html.cut("port " + t.port() + " · group " + group.word(), LINE_CHARS),
                            Html.cut("targets: " + state(t.registration()), LINE_CHARS)),
                    Health.worst(List.of(group, targets)));
        }
        if (view.instance() != null) {
            box("instance", view.instance(), instanceX, ROW_INSTANCE, BOX_W, "EC2 instance (SSM only)",
                    List.of(Html.cut(id(view.instance()), LINE_CHARS), Html.cut(state(view.instance()), LINE_CHARS)),
                    view.instance().health());
        }
        int natX = instanceX + BOX_W + GAP;
        if (view.nat() != null) {
            edge(instanceX + BOX_W, ROW_INSTANCE + BOX_H / 2, natX, ROW_INSTANCE + BOX_H / 2);
            box("nat-gateway", view.nat(), natX, ROW_INSTANCE, BOX_W, "NAT gateway (egress)",
                    List.of(Html.cut(id(view.nat()), LINE_CHARS), Html.cut(state(view.nat()), LINE_CHARS)),
                    view.nat().health());
            int out = Math.min(width - 6, natX + BOX_W + GAP);
            edge(natX + BOX_W, ROW_INSTANCE + BOX_H / 2, out, ROW_INSTANCE + BOX_H / 2);
        }
        int dbX = center - BOX_W - GAP / 2;
        int cacheX = center + GAP / 2;
        if (view.database() != null) {
            edge(center, ROW_INSTANCE + BOX_H, dbX + BOX_W / 2, ROW_DATA);
            box("database", view.database(), dbX, ROW_DATA, BOX_W, "PostgreSQL (RDS)",
                    List.of(Html.cut(id(view.database()), LINE_CHARS), Html.cut(state(view.database()), LINE_CHARS)),
                    view.database().health());
        }
        if (view.cache() != null) {
            edge(center, ROW_INSTANCE + BOX_H, cacheX + BOX_W / 2, ROW_DATA);
            box("cache", view.cache(), cacheX, ROW_DATA, BOX_W, "Cache (ElastiCache)",
                    List.of(Html.cut(id(view.cache()), LINE_CHARS), Html.cut(state(view.cache()), LINE_CHARS)),
                    view.cache().health());
        }
        others();
        svg.append("</svg>\n");
        return svg.toString();
    }

    /**
     * Everything the diagram has no box for (subnets, routes, security groups, IAM, the
     * certificate, left-overs) in one strip: how many are in each health, naming the ones that
     * are not healthy, so a security finding on a security group shows in the picture too.
     */
    private void others() {
        List<Node> rest = new ArrayList<>(view.notDrawn());
        rest.addAll(view.extra());
        if (rest.isEmpty()) {
            return;
        }
        Map<Health, List<Node>> byHealth = new EnumMap<>(Health.class);
        rest.forEach(n -> byHealth.computeIfAbsent(n.health(), h -> new ArrayList<>()).add(n));
        List<String> parts = new ArrayList<>();
        byHealth.forEach((h, nodes) -> parts.add(nodes.size() + " " + h.sign() + " " + h.word()
                + (h == Health.HEALTHY ? "" : ": " + String.join(", ", nodes.stream().map(Node::key).toList()))));
        Health worst = Health.worst(byHealth.keySet());
        int w = width - 2 * MARGIN;
        int chars = (w - 20) * 10 / 73;
        String title = "Network, security and identity: " + rest.size() + " more";
        String line = String.join(" · ", parts);
        String full = title + ": " + line;
        svg.append("<g class=\"node ").append(worst.css()).append("\" data-part=\"others\" data-key=\"others\" ")
                .append("data-health=\"").append(worst.attribute()).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(full)).append("\"><title>").append(Html.escape(full)).append("</title>")
                .append("<rect class=\"box\" x=\"").append(MARGIN).append("\" y=\"").append(ROW_OTHERS)
                .append("\" width=\"").append(w).append("\" height=\"").append(OTHERS_H).append("\" rx=\"8\"/>")
                .append(text("title", MARGIN + 10, ROW_OTHERS + 22, title))
                .append(text("line", MARGIN + 10, ROW_OTHERS + 44, Html.cut(line, chars))).append("</g>\n");
    }

    /** The VPC as a dashed frame around everything but the internet, labelled with its own health. */
    private void vpc(int height) {
        Node vpc = view.vpc();
        Health h = vpc == null ? Health.MISSING : vpc.health();
        svg.append("<g class=\"").append(h.css()).append("\" data-part=\"vpc\" data-health=\"").append(h.attribute())
                .append("\" role=\"img\" aria-label=\"").append(Html.escape("VPC: " + h.word())).append("\">")
                .append("<rect class=\"vpc\" x=\"10\" y=\"74\" width=\"").append(width - 20).append("\" height=\"")
                .append(height - 84).append("\" rx=\"12\"/><text class=\"vpc-label\" x=\"22\" y=\"96\">")
                .append(Html.escape("VPC " + h.sign() + " " + h.word() + (vpc == null || vpc.id() == null ? ""
                        : " · " + Html.cut(vpc.id(), LINE_CHARS))))
                .append("</text></g>\n");
    }

    private List<Integer> row(int n) {
        List<Integer> xs = new ArrayList<>();
        int total = n * BOX_W + Math.max(0, n - 1) * GAP;
        int start = (width - total) / 2;
        for (int i = 0; i < n; i++) {
            xs.add(start + i * (BOX_W + GAP));
        }
        return xs;
    }

    private int targetIndex(String name) {
        for (int i = 0; i < view.targets().size(); i++) {
            if (view.targets().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** "HTTPS 443 ✓ · HTTP 80 ✓": each listener with its own sign. */
    private String listeners() {
        if (view.listeners().isEmpty()) {
            return "no listeners";
        }
        List<String> parts = new ArrayList<>();
        for (Node l : view.listeners()) {
            String name = l.key().equals(EdgeTier.HTTPS) ? "HTTPS 443" : "HTTP 80";
            parts.add(name + " " + l.health().sign() + " " + l.health().word());
        }
        return Html.cut(String.join(" · ", parts), 2 * LINE_CHARS);
    }

    private static String id(Node n) {
        return n.id() == null ? n.key() : shortId(n.id());
    }

    private static String state(Node n) {
        return n == null ? "missing" : n.state() == null ? "-" : n.state();
    }

    /** The last part of an ARN (app/team-a-alb/50dc6c495c0c9188 becomes team-a-alb/50dc…): ids stay whole. */
    static String shortId(String id) {
        if (!id.startsWith("arn:")) {
            return id;
        }
        String resource = id.substring(id.lastIndexOf(':') + 1);
        String[] parts = resource.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : resource;
    }

    private void edge(int x1, int y1, int x2, int y2) {
        int mid = (y1 + y2) / 2;
        svg.append("<path class=\"edge\" aria-hidden=\"true\" marker-end=\"url(#arrow)\" d=\"M").append(x1).append(',')
                .append(y1).append(y1 == y2 ? " L" + x2 + "," + y2 : " C" + x1 + "," + mid + " " + x2 + "," + mid + " "
                        + x2 + "," + y2)
                .append("\"/>\n");
    }

    /**
     * One part: a box in its health's colours, a title, up to two monospace lines (already cut and
     * still unescaped), and its health as sign and word with AWS's state. The tooltip and the
     * accessible name carry the same without cutting.
     */
    private void box(String part, Node node, int x, int y, int w, String title, List<String> lines, Health h) {
        String key = node == null ? part : node.key();
        String state = node == null ? "not found" : node.state();
        String full = title + ": " + h.word() + (state == null ? "" : " (" + state + ")")
                + (node == null || node.id() == null ? "" : ", " + node.id())
                + (node == null || node.details().isEmpty() ? "" : "; " + String.join("; ", node.details()));
        svg.append("<g class=\"node ").append(h.css()).append("\" data-part=\"").append(part).append("\" data-key=\"")
                .append(Html.escape(key)).append("\" data-health=\"").append(h.attribute()).append("\" role=\"img\" ")
                .append("aria-label=\"").append(Html.escape(full)).append("\">")
                .append("<title>").append(Html.escape(full)).append("</title>")
                .append("<rect class=\"box\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(BOX_H).append("\" rx=\"8\"/>")
                .append(text("title", x + 10, y + 20, title));
        int line = y + 38;
        for (String l : lines) {
            svg.append(text("line", x + 10, line, l));
            line += 17;
        }
        String status = h.sign() + " " + h.word() + (state == null || state.equals(h.word()) ? "" : " · " + state);
        svg.append(text("status", x + 10, y + BOX_H - 10, Html.cut(status, w == BOX_W ? LINE_CHARS + 4 : 2 * LINE_CHARS)))
                .append("</g>\n");
    }

    private static String text(String cls, int x, int y, String content) {
        return "<text class=\"" + cls + "\" x=\"" + x + "\" y=\"" + y + "\">" + Html.escape(content) + "</text>";
    }
}
