import { strict as assert } from 'node:assert';
import { isKnownJavaPackage, javaLocalPackages, javaPackageArtifacts, mavenCoordinatesForJavaPackage } from './mavenCoordinates';

function coordinates(...items: string[]): { groupId: string; artifactId: string }[] {
  return items.map((item) => {
    const [groupId = '', artifactId = ''] = item.split(':');
    return { groupId, artifactId };
  });
}

const declared = coordinates(
  'com.thoughtworks.xstream:xstream',
  'org.yaml:snakeyaml',
  'org.yaml:snakeyaml-engine',
  'com.fasterxml.jackson.core:jackson-databind',
  'com.fasterxml.jackson.core:jackson-core',
  'org.apache.logging.log4j:log4j-core',
  'org.apache.commons:commons-text',
  'com.google.guava:guava',
  'io.netty:netty-handler',
  'io.netty:netty-codec',
  'com.amazonaws:aws-java-sdk-s3',
  'com.amazonaws:aws-java-sdk-core',
  'org.glassfish.jersey.core:jersey-server',
  'org.glassfish.jersey.core:jersey-client',
  'org.postgresql:postgresql',
  'com.acme:common',
  'com.acme:shared-api',
  'org.example:alpha',
  'org.example:beta',
);

suite('core/index/imports/mavenCoordinates', () => {
  test('Java package to a declared artifact', () => {
    const table: [string, string | undefined][] = [
      ['com.thoughtworks.xstream', 'com.thoughtworks.xstream:xstream'],
      ['com.thoughtworks.xstream.io.xml', 'com.thoughtworks.xstream:xstream'],
      ['org.yaml.snakeyaml', 'org.yaml:snakeyaml'],
      ['org.yaml.snakeyaml.constructor', 'org.yaml:snakeyaml'],
      ['com.fasterxml.jackson.databind', 'com.fasterxml.jackson.core:jackson-databind'],
      ['com.fasterxml.jackson.databind.node', 'com.fasterxml.jackson.core:jackson-databind'],
      ['org.apache.logging.log4j', 'org.apache.logging.log4j:log4j-core'],
      ['org.apache.logging.log4j.core.lookup', 'org.apache.logging.log4j:log4j-core'],
      ['org.apache.commons.text', 'org.apache.commons:commons-text'],
      ['com.google.common.collect', 'com.google.guava:guava'],
      ['io.netty.handler.ssl', 'io.netty:netty-handler'],
      ['com.amazonaws.services.s3', 'com.amazonaws:aws-java-sdk-s3'],
      ['org.glassfish.jersey.server', 'org.glassfish.jersey.core:jersey-server'],
      ['org.postgresql.util', 'org.postgresql:postgresql'],
      // Known to come from an artifact that is not declared.
      ['org.apache.commons.io', undefined],
      ['com.google.gson', undefined],
      // Cannot tell.
      ['com.acme.shop.api', undefined],
      ['com.acme.shop.common', undefined],
      ['org.example', undefined],
      ['org.example.gamma', undefined],
      ['io.netty', undefined],
      ['org.unknown.lib', undefined],
      ['', undefined],
      ['a..b', undefined],
    ];
    for (const [javaPackage, expected] of table) {
      const found = mavenCoordinatesForJavaPackage(javaPackage, declared);
      assert.equal(found ? `${found.groupId}:${found.artifactId}` : undefined, expected, javaPackage);
    }
  });

  test('answers the declared item itself, extra fields included', () => {
    const items = [{ groupId: 'org.yaml', artifactId: 'snakeyaml', version: '1.33' }];
    assert.equal(mavenCoordinatesForJavaPackage('org.yaml.snakeyaml', items), items[0]);
  });

  test('nothing declared, nothing found', () => {
    assert.equal(mavenCoordinatesForJavaPackage('com.thoughtworks.xstream', []), undefined);
  });

  test('curated candidates are groupId:artifactId', () => {
    for (const [javaPackage, candidates] of javaPackageArtifacts) {
      assert.ok(candidates.length > 0 && candidates.every((candidate) => /^[\w.-]+:[\w.-]+$/.test(candidate)), javaPackage);
    }
  });

  // Issue #8 item 4: imports that do not look like their group id, each answered by the table when declared.
  test('well-known mismatches between Java packages and Maven coordinates', () => {
    const table: [string, string][] = [
      ['org.jose4j.jwt', 'org.bitbucket.b_c:jose4j'],
      ['org.jose4j.jws', 'org.bitbucket.b_c:jose4j'],
      ['com.nulabinc.zxcvbn', 'com.nulab-inc:zxcvbn'],
      ['com.github.benmanes.caffeine.cache', 'com.github.ben-manes.caffeine:caffeine'],
      ['org.joda.time.format', 'joda-time:joda-time'],
      ['org.json.simple.parser', 'com.googlecode.json-simple:json-simple'],
      ['org.owasp.html', 'com.googlecode.owasp-java-html-sanitizer:owasp-java-html-sanitizer'],
      ['org.apache.commons.lang3.text', 'org.apache.commons:commons-lang3'],
      ['org.apache.commons.io.input', 'commons-io:commons-io'],
      ['org.apache.commons.collections', 'commons-collections:commons-collections'],
      ['org.apache.commons.collections4', 'org.apache.commons:commons-collections4'],
      ['org.apache.commons.fileupload.servlet', 'commons-fileupload:commons-fileupload'],
      ['org.apache.commons.beanutils', 'commons-beanutils:commons-beanutils'],
      ['org.apache.commons.text.lookup', 'org.apache.commons:commons-text'],
      ['com.fasterxml.jackson.databind.jsontype', 'com.fasterxml.jackson.core:jackson-databind'],
      ['com.fasterxml.jackson.core.json', 'com.fasterxml.jackson.core:jackson-core'],
      ['com.fasterxml.jackson.dataformat.yaml', 'com.fasterxml.jackson.dataformat:jackson-dataformat-yaml'],
      ['org.codehaus.jackson.map', 'org.codehaus.jackson:jackson-mapper-asl'],
      ['org.apache.logging.log4j.core.lookup', 'org.apache.logging.log4j:log4j-core'],
      ['org.apache.log4j.net', 'log4j:log4j'],
      ['org.yaml.snakeyaml.constructor', 'org.yaml:snakeyaml'],
      ['com.google.common.collect', 'com.google.guava:guava'],
      ['com.google.gson.reflect', 'com.google.code.gson:gson'],
      ['com.thoughtworks.xstream.io.xml', 'com.thoughtworks.xstream:xstream'],
      ['org.bouncycastle.jce.provider', 'org.bouncycastle:bcprov-jdk18on'],
      ['org.bouncycastle.cert.jcajce', 'org.bouncycastle:bcpkix-jdk18on'],
      ['io.netty.handler.codec.http', 'io.netty:netty-codec-http'],
      ['io.netty.handler.codec', 'io.netty:netty-codec'],
      ['io.netty.handler.ssl', 'io.netty:netty-handler'],
      ['org.springframework.web.bind.annotation', 'org.springframework:spring-web'],
      ['org.springframework.web.servlet.view', 'org.springframework:spring-webmvc'],
      ['org.springframework.expression.spel', 'org.springframework:spring-expression'],
      ['org.springframework.boot.autoconfigure', 'org.springframework.boot:spring-boot-autoconfigure'],
      ['org.springframework.security.oauth2.jwt', 'org.springframework.security:spring-security-oauth2-jose'],
      ['org.springframework.data.repository', 'org.springframework.data:spring-data-commons'],
      ['org.h2.jdbcx', 'com.h2database:h2'],
      ['com.mysql.cj.jdbc', 'com.mysql:mysql-connector-j'],
      ['org.postgresql.ds', 'org.postgresql:postgresql'],
      ['org.sqlite', 'org.xerial:sqlite-jdbc'],
      ['io.jsonwebtoken.security', 'io.jsonwebtoken:jjwt-api'],
      ['com.auth0.jwt.algorithms', 'com.auth0:java-jwt'],
      ['org.apache.http.impl.client', 'org.apache.httpcomponents:httpclient'],
      ['org.apache.catalina.connector', 'org.apache.tomcat.embed:tomcat-embed-core'],
      ['ognl', 'ognl:ognl'],
      ['org.mindrot.jbcrypt', 'org.mindrot:jbcrypt'],
    ];
    const coordinates = (name: string): { groupId: string; artifactId: string } => ({ groupId: name.split(':')[0]!, artifactId: name.split(':')[1]! });
    // Every artifact above is declared, next to decoys sharing its group (jackson-core beside jackson-databind).
    const everything = [...new Set(table.map(([, name]) => name))].map(coordinates);
    for (const [javaPackage, expected] of table) {
      const found = mavenCoordinatesForJavaPackage(javaPackage, everything);
      assert.equal(found ? `${found.groupId}:${found.artifactId}` : undefined, expected, javaPackage);
      assert.equal(isKnownJavaPackage(javaPackage), true, javaPackage);
    }
    assert.equal(mavenCoordinatesForJavaPackage('com.mysql.cj.jdbc', [coordinates('mysql:mysql-connector-java')])?.artifactId, 'mysql-connector-java', 'the pre-8.0.31 coordinates of the same driver');
    assert.equal(javaPackageArtifacts.size >= 100, true);
  });

  test('a cached jar listing answers first, exactly by package; a package it holds for no declared artifact is known', () => {
    const jars = new Map([['com.example.kit', ['org.acme-labs:kit-core']], ['org.jose4j.jwt', ['org.bitbucket.b_c:jose4j']]]);
    const kit = [{ groupId: 'org.acme-labs', artifactId: 'kit-core' }];
    assert.equal(mavenCoordinatesForJavaPackage('com.example.kit', kit, jars)?.artifactId, 'kit-core');
    assert.equal(mavenCoordinatesForJavaPackage('com.example.kit', kit), undefined, 'no table knows it');
    assert.equal(mavenCoordinatesForJavaPackage('com.example.kit.sub', kit, jars), undefined, 'a jar lists exact packages');
    assert.equal(isKnownJavaPackage('com.example.kit', jars), true);
    assert.equal(isKnownJavaPackage('com.example.kit'), false);
    assert.equal(mavenCoordinatesForJavaPackage('org.jose4j.jwt', kit, jars), undefined, 'known to come from jose4j, which is not declared');
  });

  test('first-party packages are the dotted suffixes of Java source folders', () => {
    const local = javaLocalPackages(['api/src/main/java/com/acme/shop/Cart.java', 'api/src/main/java/com/acme/shop/model/Item.java', 'web/app.js', 'my-lib/Foo.java']);
    for (const javaPackage of ['com.acme.shop', 'com.acme.shop.model', 'shop', 'acme.shop']) {
      assert.ok(local.has(javaPackage), javaPackage);
    }
    assert.ok(!local.has('com.acme.other') && !local.has('my-lib'));
  });
});

