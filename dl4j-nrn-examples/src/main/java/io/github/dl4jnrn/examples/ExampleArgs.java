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

    /**
     * @param name  the option, for the message
     * @param value its value
     * @return the value as a positive integer
     * @throws IllegalArgumentException if it is not one
     */
    static int positive(String name, String value) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a positive integer but got \"" + value + "\"");
        }
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 but was " + v);
        }
        return v;
    }
}
