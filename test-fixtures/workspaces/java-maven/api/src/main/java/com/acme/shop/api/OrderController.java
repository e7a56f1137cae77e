package com.acme.shop.api;

import com.acme.shop.common.Templates;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.Yaml;

/** Accepts orders as YAML and echoes them as JSON. */
@RestController
public class OrderController {
    private static final Logger LOG = LogManager.getLogger(OrderController.class);
    private final ObjectMapper mapper = new ObjectMapper();

    @PostMapping("/orders")
    public String create(@RequestBody String body) throws Exception {
        Object order = new Yaml().load(body);
        LOG.info("order received: {}", Templates.render("${order}", order));
        return mapper.writeValueAsString(order);
    }
}
