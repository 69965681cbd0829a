package io.github.dl4jnrn.examples;

import java.util.ArrayList;
import java.util.List;

/** Command-line arguments of the examples, which Maven passes as one space-separated string. */
final class ExampleArgs {

    private ExampleArgs() {
    }

    /** @return the arguments split on white space, blanks dropped */
    static String[] tokens(String[] args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            for (String t : a.trim().split("\\s+")) {
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out.toArray(new String[0]);
    }
}
