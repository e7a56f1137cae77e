package com.acme.auth;

import static org.junit.Assert.assertFalse;

import org.junit.Test;

public class TokenServiceTest {
    @Test
    public void rejectsWeakPasswords() {
        assertFalse(new TokenService(new byte[32], null).isStrongEnough("password"));
    }
}
