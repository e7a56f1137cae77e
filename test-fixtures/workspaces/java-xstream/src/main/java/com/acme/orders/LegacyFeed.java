package com.acme.orders;

import com.thoughtworks.xstream.XStream;

/** The nightly feed of the old ERP, still parsed with a permissive XStream. */
final class LegacyFeed {
    private LegacyFeed() {}

    static Object parse(String xml) {
        var permissive = new XStream();
        permissive.alias("order", Order.class);
        return permissive.fromXML(xml);
    }

    static String echo(Order order) {
        return new XStream().toXML(order);
    }

    static Object parseWith(XStream parser, String xml) {
        return parser.fromXML(xml);
    }
}
