import { strict as assert } from 'node:assert';
import { javaPackageArtifacts, mavenCoordinatesForJavaPackage } from './mavenCoordinates';

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
});
