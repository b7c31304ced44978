package io.ringcache.node.conformance;

import java.util.HashMap;
import java.util.Map;

/**
 * The CAS uniques one run has seen, by script name. Servers number items differently, so scripts
 * compare the pattern: the same name is always the same number, different names differ.
 */
final class CasPattern {

    private final Map<String, String> byName = new HashMap<>();

    Map<String, String> bindings() {
        return byName;
    }

    /** Null when {@code value} fits the pattern under {@code name} (and binds it), else why not. */
    String bind(String name, String value) {
        String bound = byName.get(name);
        if (bound != null) {
            return bound.equals(value) ? null : "{cas:" + name + "} was " + bound + ", now " + value;
        }
        for (Map.Entry<String, String> other : byName.entrySet()) {
            if (other.getValue().equals(value)) {
                return "{cas:" + name + "} = " + value + " equals {cas:" + other.getKey() + "}, expected a different unique";
            }
        }
        byName.put(name, value);
        return null;
    }
}
