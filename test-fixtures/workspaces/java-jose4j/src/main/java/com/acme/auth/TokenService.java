package com.acme.auth;

import com.acme.auth.model.User;
import com.example.kit.Clock;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;

/** Issues signed tokens and rejects weak passwords at sign-up. */
public class TokenService {
    private final HmacKey key;
    private final Clock clock;

    public TokenService(byte[] secret, Clock clock) {
        this.key = new HmacKey(secret);
        this.clock = clock;
    }

    public boolean isStrongEnough(String password) {
        Strength strength = new Zxcvbn().measure(password);
        return strength.getScore() >= 3;
    }

    public String issue(User user) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(user.getId());
        claims.setIssuedAtToNow();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        return jws.getCompactSerialization();
    }
}
