package com.acme.shop.common;

import java.util.Map;
import org.apache.commons.text.StringSubstitutor;

/** Renders `${name}` templates. */
public final class Templates {
    private Templates() {}

    public static String render(String template, Object value) {
        return new StringSubstitutor(Map.of("order", String.valueOf(value))).replace(template);
    }
}
