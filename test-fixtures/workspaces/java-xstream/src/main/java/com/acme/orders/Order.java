package com.acme.orders;

/** An order as partners send it. */
public record Order(String id, String customer, long cents) {}
