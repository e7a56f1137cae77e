package com.acme.orders;

import com.thoughtworks.xstream.XStream;
import java.io.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Imports orders that partners upload as XML. */
public class OrderImporter {
    private static final Logger LOG = LoggerFactory.getLogger(OrderImporter.class);
    private final XStream xstream;

    public OrderImporter() {
        this.xstream = new XStream();
        XStream.setupDefaultSecurity(xstream);
        xstream.allowTypesByWildcard(new String[] {"com.acme.orders.**"});
    }

    public Order read(Reader upload) {
        Order order = (Order) xstream.fromXML(upload);
        LOG.info("imported order {}", order.id());
        return order;
    }
}
