package io.ringcache.node.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The answers expected for one batch of requests, matched whole against the received bytes. */
final class Expectation {

    private final List<Template> templates;

    Expectation(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    /** Null when {@code received} matches (binding CAS names), else a description of the mismatch. */
    String match(byte[] received, CasPattern cas) {
        StringBuilder regex = new StringBuilder();
        List<String> casGroups = new ArrayList<>();
        for (Template template : templates) {
            for (Template.Part part : template.parts()) {
                if (part instanceof Template.Literal literal) {
                    regex.append(Pattern.quote(RawClient.text(literal.bytes())));
                } else if (part instanceof Template.Cas c) {
                    regex.append("(\\d+)");
                    casGroups.add(c.name());
                } else if (part instanceof Template.Wildcard wildcard) {
                    regex.append(wildcard.regex());
                }
            }
        }
        Matcher matcher = Pattern.compile(regex.toString()).matcher(RawClient.text(received));
        if (!matcher.matches()) {
            return "answers differ";
        }
        for (int i = 0; i < casGroups.size(); i++) {
            String problem = cas.bind(casGroups.get(i), matcher.group(i + 1));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    String show() {
        StringBuilder shown = new StringBuilder();
        for (Template template : templates) {
            shown.append(template.show());
        }
        return shown.toString();
    }
}
