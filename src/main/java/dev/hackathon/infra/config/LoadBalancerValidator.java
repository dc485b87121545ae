package dev.hackathon.infra.config;

import dev.hackathon.infra.config.StackConfig.LoadBalancer;
import dev.hackathon.infra.config.StackConfig.Rule;
import dev.hackathon.infra.config.StackConfig.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** The {@code loadBalancer} section: certificate, targets, and host rules that must point at those targets. */
final class LoadBalancerValidator {

    static final List<String> KEYS = List.of("certificateArn", "targets", "rules");
    static final List<String> TARGET_KEYS = List.of("port", "healthCheckPath");
    static final List<String> RULE_KEYS = List.of("host", "target", "priority");
    /** An ALB listener's default quota. */
    static final int MAX_RULES = 100;
    static final int MAX_PRIORITY = 50000;

    private LoadBalancerValidator() {
    }

    static LoadBalancer validate(Section section, String region) {
        String certificate = section.field("certificateArn").text(arn -> certificateProblem(arn, region));
        Map<String, Target> targets = targets(section.field("targets"));
        return new LoadBalancer(certificate, targets, rules(section.field("rules"), targets));
    }

    private static String certificateProblem(String arn, String region) {
        if (StackConfig.AUTO_CERTIFICATE.equals(arn)) {
            return null;
        }
        String shape = Checks.CERTIFICATE_ARN.problem(arn);
        if (shape != null) {
            return shape;
        }
        Matcher m = Checks.CERTIFICATE_ARN_SHAPE.matcher(arn);
        m.matches();
        String certificateRegion = m.group(1);
        return region == null || certificateRegion.equals(region) ? null
                : "the certificate is in " + certificateRegion + " but the stack is in " + region
                        + "; a load balancer can only use a certificate from its own region";
    }

    /**
     * In file order. A target whose settings are wrong still gets an entry (placeholder values; the problems
     * stop the load anyway) so that rules naming it are not also reported.
     */
    private static Map<String, Target> targets(Field field) {
        Map<String, Target> targets = new LinkedHashMap<>();
        if (!field.present()) {
            Defaults.TARGETS.forEach(t -> targets.put(t.getKey(), t.getValue()));
            return targets;
        }
        Section section = field.mapping(null);
        if (section.mistyped()) {
            return targets;
        }
        if (section.size() == 0) {
            field.problem("expected at least one target, e.g. app: {port: 3000, healthCheckPath: /}");
        }
        for (String name : section.keys()) {
            String nameProblem = Checks.TARGET_NAME.problem(name);
            if (nameProblem != null) {
                section.keyProblem(name, nameProblem);
            }
            Section target = section.field(name).mapping(TARGET_KEYS);
            Integer port = target.mistyped() ? null : target.field("port")
                    .require("required: the instance port, e.g. port: 3000").wholeNumber(1, 65535);
            String path = target.field("healthCheckPath").text(Checks.HEALTH_CHECK_PATH);
            targets.put(name, new Target(port == null ? 0 : port,
                    path == null ? Defaults.HEALTH_CHECK_PATH : path));
        }
        return targets;
    }

    private static List<Rule> rules(Field field, Map<String, Target> targets) {
        List<Field> items = field.items();
        if (items == null) {
            return List.of();
        }
        if (items.size() > MAX_RULES) {
            field.problem("at most " + MAX_RULES + " rules (a listener's quota), got " + items.size());
        }
        Uniqueness<String> hosts = new Uniqueness<>("host");
        Uniqueness<Integer> priorities = new Uniqueness<>("priority");
        List<Rule> rules = new ArrayList<>();
        for (Field item : items) {
            Section rule = item.require("an empty rule; give host, target and priority").mapping(RULE_KEYS);
            if (!item.present() || rule.mistyped()) {
                continue;
            }
            Field hostField = rule.field("host")
                    .require("required: the Host header to route, e.g. host: api.example.com");
            String host = hostField.text(Checks.HOST);
            String target = rule.field("target")
                    .require("required: one of the targets " + String.join(", ", targets.keySet()))
                    .text(name -> targets.containsKey(name) ? null : unknownTarget(name, targets));
            Field priorityField = rule.field("priority")
                    .require("required: 1 to " + MAX_PRIORITY + "; the lowest number is matched first");
            Integer priority = priorityField.wholeNumber(1, MAX_PRIORITY);
            boolean distinct = (host == null || hosts.add(host, hostField))
                    & (priority == null || priorities.add(priority, priorityField));
            if (distinct && host != null && target != null && priority != null) {
                rules.add(new Rule(host, target, priority));
            }
        }
        return List.copyOf(rules);
    }

    private static String unknownTarget(String name, Map<String, Target> targets) {
        if (targets.isEmpty()) {
            return "unknown target '" + name + "'; no targets are defined";
        }
        return "unknown target '" + name + "'; the targets are " + String.join(", ", targets.keySet())
                + DidYouMean.hint(name, targets.keySet());
    }
}
