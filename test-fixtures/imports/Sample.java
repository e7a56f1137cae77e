// Each `expect:` comment states the third-party imports found on the next line (or `none`), with the names they
// bind in brackets; each `expect-call:` comment states the calls on those classes (or `none`).
package com.acme.sample;

// expect: com.thoughtworks.xstream import [XStream=XStream]
import com.thoughtworks.xstream.XStream;
// expect: com.thoughtworks.xstream import [XStreamException=XStreamException]
import com.thoughtworks.xstream.XStreamException;
// expect: com.thoughtworks.xstream.io.xml import [*=*]
import com.thoughtworks.xstream.io.xml.*;
// expect: org.apache.commons.lang3 import [isBlank=StringUtils.isBlank]
import static org.apache.commons.lang3.StringUtils.isBlank;
// expect: org.apache.commons.text import [*=StringEscapeUtils.*]
import static org.apache.commons.text.StringEscapeUtils.*;
// expect: com.fasterxml.jackson.databind import [ObjectMapper=ObjectMapper]
import com.fasterxml.jackson.databind.ObjectMapper;
// expect: org.yaml.snakeyaml import [Yaml=Yaml]
import org.yaml.snakeyaml.Yaml;
// expect: org.apache.logging.log4j import [LogManager=LogManager]
import org.apache.logging.log4j.LogManager;
// expect: org.apache.logging.log4j import [Logger=Logger]
import org.apache.logging.log4j.Logger;
// expect: com.google.common.collect import [Entry=ImmutableMap.Entry]
import com.google.common.collect.ImmutableMap.Entry;
// expect: javax.servlet.http import [HttpServletRequest=HttpServletRequest]
import javax.servlet.http.HttpServletRequest;
// expect: none
import java.util.List;
// expect: none
import java.io.*;
// expect: none
import static java.lang.Math.max;
// expect: none
import javax.crypto.Cipher;
// expect: none
import org.w3c.dom.Document;

public class Sample {
    // expect-call: LogManager.getLogger
    private static final Logger LOG = LogManager.getLogger(Sample.class);
    // expect-call: ObjectMapper
    private final ObjectMapper mapper = new ObjectMapper();
    private XStream shared;

    // expect-call: none
    public Object read(String xml, HttpServletRequest request) throws Exception {
        // expect-call: XStream
        XStream xstream = new XStream(new DomDriver());
        // expect-call: XStream.setupDefaultSecurity
        XStream.setupDefaultSecurity(xstream);
        // expect-call: XStream.fromXML
        Object parsed = xstream.fromXML(xml);
        // expect-call: XStream.toXML
        this.shared.toXML(parsed);
        // expect-call: XStream
        var fresh = new XStream();
        // expect-call: XStream.alias
        fresh.alias("order", Object.class);
        // expect-call: Yaml, Yaml.load
        Object order = new Yaml().load(xml);
        // expect-call: isBlank, HttpServletRequest.getParameter
        if (isBlank(request.getParameter("q"))) {
            // expect-call: Logger.info, ObjectMapper.writeValueAsString
            LOG.info("order {}", mapper.writeValueAsString(order));
        }
        // expect-call: none
        List<String> names = List.of(escapeJava(xml));
        // expect-call: ?.getBlockSize×1
        Cipher.getInstance("AES").getBlockSize();
        // expect-call: none
        return max(names.size(), 1) > 0 ? new java.util.ArrayList<>(names) : null;
    }

    // expect-call: none
    void unrelated(Object xstream) {
        // Names are scoped by method: this `xstream` is an Object, not the XStream of read().
        // expect-call: none
        xstream.hashCode();
    }

    // expect-call: none
    void values(Object input, java.util.List<String> items) {
        // expect-call: XStream.fromXML
        ((XStream) input).fromXML("<a/>");
        // expect-call: XStream.getInstance, XStream.getInstance().fromXML
        XStream.getInstance().fromXML("<b/>");
        // expect-call: ?.fromXML×2
        items.forEach(item -> inherited.fromXML(item));
        try {
            // expect-call: XStream.toXML
            shared.toXML(input);
        // expect-call: none
        } catch (XStreamException | RuntimeException e) {
            // expect-call: Logger.info, XStreamException.getMessage
            LOG.info(e.getMessage());
        }
        // expect-call: none
        items.forEach(item -> item.fromXML());
    }
}

/** A first-party subclass: its own calls and its instances' calls reach XStream's methods it does not override. */
// expect-call: none
class SafeXStream extends XStream {
    // expect-call: none
    Object read(String xml) {
        // expect-call: XStream.fromXML, XStream.fromXML
        return xml.isEmpty() ? super.fromXML(xml) : fromXML(xml.trim());
    }

    // expect-call: none
    static Object parse(String xml) {
        // expect-call: XStream, XStream.toXML
        return new SafeXStream().toXML(xml);
    }
}
