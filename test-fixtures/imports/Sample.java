// Each `expect:` comment states the third-party imports found on the next line (or `none`), with the names they
// bind in brackets; each `expect-call:` comment states the calls on those classes (or `none`).
package com.acme.sample;

// expect: com.thoughtworks.xstream import [XStream=XStream]
import com.thoughtworks.xstream.XStream;
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
        // expect-call: none
        Cipher.getInstance("AES").getBlockSize();
        // expect-call: none
        return max(names.size(), 1) > 0 ? new java.util.ArrayList<>(names) : null;
    }

    // expect-call: none
    void unrelated(Object xstream) {
        // Variable types are collected over the whole file, so this `xstream` counts too (an over-approximation).
        // expect-call: XStream.hashCode
        xstream.hashCode();
    }
}
