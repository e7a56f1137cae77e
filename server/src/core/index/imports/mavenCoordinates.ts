/** A Maven artifact's coordinates. */
export interface MavenCoordinates {
  groupId: string;
  artifactId: string;
}

/**
 * Java packages whose artifact cannot be told from the group id (`com.google.common` ↔ `com.google.guava:guava`,
 * `org.jose4j` ↔ `org.bitbucket.b_c:jose4j`), or whose group holds several artifacts: package prefix →
 * `groupId:artifactId` candidates, preferred first.
 *
 * Where the certainty comes from: every entry pairs the coordinates a project's install instructions give with the
 * packages its API documentation (Javadoc) lists, for artifacts whose jar layout has been stable across the releases
 * advisories name. jose4j was checked against its Maven Central listing. When a local Maven or Gradle cache holds the
 * jar, its own class listing (`host/mavenJarPackages.ts`) is used before this table.
 */
export const javaPackageArtifacts: ReadonlyMap<string, readonly string[]> = new Map([
  // Group id unlike the package: the cases a prefix match can never find.
  ['org.jose4j', ['org.bitbucket.b_c:jose4j']],
  ['com.nulabinc.zxcvbn', ['com.nulab-inc:zxcvbn']],
  ['com.github.benmanes.caffeine', ['com.github.ben-manes.caffeine:caffeine']],
  ['org.joda.time', ['joda-time:joda-time']],
  ['org.json.simple', ['com.googlecode.json-simple:json-simple']],
  ['org.owasp.html', ['com.googlecode.owasp-java-html-sanitizer:owasp-java-html-sanitizer']],
  ['com.google.common', ['com.google.guava:guava']],
  ['com.google.gson', ['com.google.code.gson:gson']],
  ['com.google.protobuf', ['com.google.protobuf:protobuf-java']],
  ['com.google.inject', ['com.google.inject:guice']],
  ['net.minidev.json', ['net.minidev:json-smart']],
  ['au.com.bytecode.opencsv', ['net.sf.opencsv:opencsv']],
  ['org.mindrot.jbcrypt', ['org.mindrot:jbcrypt']],
  ['org.sqlite', ['org.xerial:sqlite-jdbc']],
  ['org.h2', ['com.h2database:h2']],
  ['com.mysql', ['com.mysql:mysql-connector-j', 'mysql:mysql-connector-java']],
  ['com.microsoft.sqlserver.jdbc', ['com.microsoft.sqlserver:mssql-jdbc']],
  ['oracle.jdbc', ['com.oracle.database.jdbc:ojdbc11', 'com.oracle.database.jdbc:ojdbc8']],
  ['com.mongodb', ['org.mongodb:mongodb-driver-sync', 'org.mongodb:mongodb-driver-core', 'org.mongodb:mongo-java-driver']],
  ['com.auth0.jwt', ['com.auth0:java-jwt']],
  ['io.jsonwebtoken', ['io.jsonwebtoken:jjwt-api', 'io.jsonwebtoken:jjwt']],
  ['com.nimbusds', ['com.nimbusds:nimbus-jose-jwt']],
  ['lombok', ['org.projectlombok:lombok']],
  ['okhttp3', ['com.squareup.okhttp3:okhttp']],
  ['retrofit2', ['com.squareup.retrofit2:retrofit']],
  ['freemarker', ['org.freemarker:freemarker']],
  ['ognl', ['ognl:ognl']],
  ['groovy', ['org.apache.groovy:groovy', 'org.codehaus.groovy:groovy']],
  ['org.codehaus.groovy', ['org.apache.groovy:groovy', 'org.codehaus.groovy:groovy']],
  ['org.mvel2', ['org.mvel:mvel2']],
  ['org.apache.ibatis', ['org.mybatis:mybatis']],
  ['org.apache.catalina', ['org.apache.tomcat.embed:tomcat-embed-core']],
  ['org.apache.tomcat', ['org.apache.tomcat.embed:tomcat-embed-core']],
  ['org.apache.xerces', ['xerces:xercesImpl']],
  ['org.jdom2', ['org.jdom:jdom2']],
  ['org.dom4j', ['org.dom4j:dom4j', 'dom4j:dom4j']],
  ['javax.servlet', ['javax.servlet:javax.servlet-api', 'javax.servlet:servlet-api']],
  ['jakarta.servlet', ['jakarta.servlet:jakarta.servlet-api']],
  ['javax.persistence', ['javax.persistence:javax.persistence-api']],
  ['jakarta.persistence', ['jakarta.persistence:jakarta.persistence-api']],
  ['javax.validation', ['javax.validation:validation-api']],
  ['jakarta.validation', ['jakarta.validation:jakarta.validation-api']],
  ['javax.mail', ['com.sun.mail:javax.mail', 'javax.mail:javax.mail-api']],
  ['jakarta.mail', ['com.sun.mail:jakarta.mail', 'jakarta.mail:jakarta.mail-api']],
  ['org.junit.jupiter.api', ['org.junit.jupiter:junit-jupiter-api', 'org.junit.jupiter:junit-jupiter']],
  ['org.junit', ['junit:junit']],
  ['reactor.core', ['io.projectreactor:reactor-core']],
  ['redis.clients.jedis', ['redis.clients:jedis']],
  ['io.lettuce.core', ['io.lettuce:lettuce-core']],
  ['com.esotericsoftware.kryo', ['com.esotericsoftware:kryo']],
  ['com.zaxxer.hikari', ['com.zaxxer:HikariCP']],
  ['org.xerial.snappy', ['org.xerial.snappy:snappy-java']],
  ['net.sf.json', ['net.sf.json-lib:json-lib']],
  ['org.apache.struts2', ['org.apache.struts:struts2-core']],
  // Jackson: one group per family, one artifact per package.
  ['com.fasterxml.jackson.databind', ['com.fasterxml.jackson.core:jackson-databind']],
  ['com.fasterxml.jackson.core', ['com.fasterxml.jackson.core:jackson-core']],
  ['com.fasterxml.jackson.annotation', ['com.fasterxml.jackson.core:jackson-annotations']],
  ['com.fasterxml.jackson.dataformat.yaml', ['com.fasterxml.jackson.dataformat:jackson-dataformat-yaml']],
  ['com.fasterxml.jackson.dataformat.xml', ['com.fasterxml.jackson.dataformat:jackson-dataformat-xml']],
  ['com.fasterxml.jackson.datatype.jsr310', ['com.fasterxml.jackson.datatype:jackson-datatype-jsr310']],
  ['org.codehaus.jackson.map', ['org.codehaus.jackson:jackson-mapper-asl']],
  ['org.codehaus.jackson', ['org.codehaus.jackson:jackson-core-asl']],
  // Logging.
  ['org.apache.logging.log4j.core', ['org.apache.logging.log4j:log4j-core']],
  // The API classes (LogManager, Logger) are where calls reach log4j-core, which brings log4j-api along.
  ['org.apache.logging.log4j', ['org.apache.logging.log4j:log4j-api', 'org.apache.logging.log4j:log4j-core']],
  ['org.apache.log4j', ['log4j:log4j', 'org.apache.logging.log4j:log4j-1.2-api']],
  ['org.slf4j', ['org.slf4j:slf4j-api']],
  ['ch.qos.logback.classic', ['ch.qos.logback:logback-classic']],
  ['ch.qos.logback.core', ['ch.qos.logback:logback-core']],
  // Apache Commons: the 1.x-era artifacts kept `commons-x:commons-x`, the newer ones moved to `org.apache.commons`.
  ['org.apache.commons.lang3', ['org.apache.commons:commons-lang3']],
  ['org.apache.commons.lang', ['commons-lang:commons-lang']],
  ['org.apache.commons.text', ['org.apache.commons:commons-text']],
  ['org.apache.commons.collections4', ['org.apache.commons:commons-collections4']],
  ['org.apache.commons.collections', ['commons-collections:commons-collections']],
  ['org.apache.commons.compress', ['org.apache.commons:commons-compress']],
  ['org.apache.commons.configuration2', ['org.apache.commons:commons-configuration2']],
  ['org.apache.commons.csv', ['org.apache.commons:commons-csv']],
  ['org.apache.commons.math3', ['org.apache.commons:commons-math3']],
  ['org.apache.commons.dbcp2', ['org.apache.commons:commons-dbcp2']],
  ['org.apache.commons.pool2', ['org.apache.commons:commons-pool2']],
  ['org.apache.commons.jexl3', ['org.apache.commons:commons-jexl3']],
  ['org.apache.commons.vfs2', ['org.apache.commons:commons-vfs2']],
  ['org.apache.commons.io', ['commons-io:commons-io']],
  ['org.apache.commons.codec', ['commons-codec:commons-codec']],
  ['org.apache.commons.fileupload', ['commons-fileupload:commons-fileupload']],
  ['org.apache.commons.beanutils', ['commons-beanutils:commons-beanutils']],
  ['org.apache.commons.logging', ['commons-logging:commons-logging']],
  ['org.apache.commons.net', ['commons-net:commons-net']],
  ['org.apache.commons.validator', ['commons-validator:commons-validator']],
  ['org.apache.commons.httpclient', ['commons-httpclient:commons-httpclient']],
  // Apache HttpComponents: 4.x under org.apache.http, 5.x under org.apache.hc.
  ['org.apache.http.client', ['org.apache.httpcomponents:httpclient']],
  ['org.apache.http.impl.client', ['org.apache.httpcomponents:httpclient']],
  ['org.apache.http', ['org.apache.httpcomponents:httpcore', 'org.apache.httpcomponents:httpclient']],
  ['org.apache.hc.client5', ['org.apache.httpcomponents.client5:httpclient5']],
  ['org.apache.hc.core5', ['org.apache.httpcomponents.core5:httpcore5']],
  // Spring: one group, one artifact per module.
  ['org.springframework.web.servlet', ['org.springframework:spring-webmvc']],
  ['org.springframework.web.reactive', ['org.springframework:spring-webflux']],
  ['org.springframework.web', ['org.springframework:spring-web']],
  ['org.springframework.context', ['org.springframework:spring-context']],
  ['org.springframework.beans', ['org.springframework:spring-beans']],
  ['org.springframework.core', ['org.springframework:spring-core']],
  ['org.springframework.expression', ['org.springframework:spring-expression']],
  ['org.springframework.jdbc', ['org.springframework:spring-jdbc']],
  ['org.springframework.aop', ['org.springframework:spring-aop']],
  ['org.springframework.orm', ['org.springframework:spring-orm']],
  ['org.springframework.transaction', ['org.springframework:spring-tx']],
  ['org.springframework.messaging', ['org.springframework:spring-messaging']],
  ['org.springframework.test', ['org.springframework:spring-test']],
  ['org.springframework.data.jpa', ['org.springframework.data:spring-data-jpa']],
  ['org.springframework.data.domain', ['org.springframework.data:spring-data-commons']],
  ['org.springframework.data.repository', ['org.springframework.data:spring-data-commons']],
  ['org.springframework.boot.autoconfigure', ['org.springframework.boot:spring-boot-autoconfigure']],
  ['org.springframework.boot.test', ['org.springframework.boot:spring-boot-test']],
  ['org.springframework.boot', ['org.springframework.boot:spring-boot']],
  ['org.springframework.security.oauth2.jwt', ['org.springframework.security:spring-security-oauth2-jose']],
  ['org.springframework.security.web', ['org.springframework.security:spring-security-web']],
  ['org.springframework.security.config', ['org.springframework.security:spring-security-config']],
  ['org.springframework.security', ['org.springframework.security:spring-security-core']],
  // Bouncy Castle: the provider and the PKIX/CMS artifacts share the org.bouncycastle root.
  ['org.bouncycastle.cert', ['org.bouncycastle:bcpkix-jdk18on', 'org.bouncycastle:bcpkix-jdk15on']],
  ['org.bouncycastle.cms', ['org.bouncycastle:bcpkix-jdk18on', 'org.bouncycastle:bcpkix-jdk15on']],
  ['org.bouncycastle.openssl', ['org.bouncycastle:bcpkix-jdk18on', 'org.bouncycastle:bcpkix-jdk15on']],
  ['org.bouncycastle.operator', ['org.bouncycastle:bcpkix-jdk18on', 'org.bouncycastle:bcpkix-jdk15on']],
  ['org.bouncycastle.pkcs', ['org.bouncycastle:bcpkix-jdk18on', 'org.bouncycastle:bcpkix-jdk15on']],
  ['org.bouncycastle', ['org.bouncycastle:bcprov-jdk18on', 'org.bouncycastle:bcprov-jdk15on', 'org.bouncycastle:bcprov-jdk15to18']],
  // Netty: one group, one artifact per layer.
  ['io.netty.handler.codec.http', ['io.netty:netty-codec-http']],
  ['io.netty.handler.codec', ['io.netty:netty-codec']],
  ['io.netty.handler', ['io.netty:netty-handler']],
  ['io.netty.buffer', ['io.netty:netty-buffer']],
  ['io.netty.bootstrap', ['io.netty:netty-transport']],
  ['io.netty.channel', ['io.netty:netty-transport']],
  ['io.netty.util', ['io.netty:netty-common']],
  // Group named like the package, several artifacts in it.
  ['org.hibernate.validator', ['org.hibernate.validator:hibernate-validator']],
  ['org.hibernate', ['org.hibernate.orm:hibernate-core', 'org.hibernate:hibernate-core']],
  ['org.mockito', ['org.mockito:mockito-core']],
  ['org.apache.velocity', ['org.apache.velocity:velocity-engine-core', 'org.apache.velocity:velocity']],
  ['com.alibaba.fastjson2', ['com.alibaba.fastjson2:fastjson2']],
  ['com.alibaba.fastjson', ['com.alibaba:fastjson']],
  ['org.apache.shiro', ['org.apache.shiro:shiro-core']],
  ['org.apache.kafka.clients', ['org.apache.kafka:kafka-clients']],
  ['org.eclipse.jetty.server', ['org.eclipse.jetty:jetty-server']],
  ['org.apache.tika', ['org.apache.tika:tika-core']],
  ['org.apache.poi', ['org.apache.poi:poi', 'org.apache.poi:poi-ooxml']],
  ['org.apache.pdfbox', ['org.apache.pdfbox:pdfbox']],
  ['org.apache.activemq', ['org.apache.activemq:activemq-client']],
  ['org.mariadb.jdbc', ['org.mariadb.jdbc:mariadb-java-client']],
  ['org.postgresql', ['org.postgresql:postgresql']],
  ['org.yaml.snakeyaml', ['org.yaml:snakeyaml']],
  ['com.thoughtworks.xstream', ['com.thoughtworks.xstream:xstream']],
  ['org.jsoup', ['org.jsoup:jsoup']],
  ['org.thymeleaf', ['org.thymeleaf:thymeleaf']],
  ['org.quartz', ['org.quartz-scheduler:quartz']],
  ['org.owasp.esapi', ['org.owasp.esapi:esapi']],
  ['org.owasp.encoder', ['org.owasp.encoder:encoder']],
  ['com.jayway.jsonpath', ['com.jayway.jsonpath:json-path']],
]);

/**
 * The declared artifact that provides a Java package, or undefined when that cannot be told (callers then say
 * `unknown`, never `declared`). In order:
 * 0. `packageIndex` (Java package → `groupId:artifactId` of the jars that hold it, read from a local Maven or Gradle
 *    cache): its first artifact that is declared, and undefined when none is;
 * 1. the curated {@link javaPackageArtifacts} (longest package prefix): its first candidate that is declared, and
 *    undefined when none is, since the package is known to come from elsewhere;
 * 2. group id prefix: declared artifacts whose group id is the package or a prefix of it on `.` boundaries, the
 *    longest group first. The artifact whose name parts (split on `-` `.` `_`) are the most package segments, if
 *    exactly one is best and a matched part is not a generic word such as `api` or `common`
 *    (`org.yaml.snakeyaml` ↔ `org.yaml:snakeyaml`, `com.amazonaws.services.s3` ↔ `com.amazonaws:aws-java-sdk-s3`);
 *    else the artifact named like the group's last segment (`com.thoughtworks.xstream.io` ↔
 *    `com.thoughtworks.xstream:xstream`), or the group's only artifact when the package is the group itself;
 * 3. a group sharing at least three leading segments with the package, decided by name parts the same way
 *    (`org.glassfish.jersey.server` ↔ `org.glassfish.jersey.core:jersey-server`).
 */
export function mavenCoordinatesForJavaPackage<T extends MavenCoordinates>(
  javaPackage: string,
  declared: readonly T[],
  packageIndex?: ReadonlyMap<string, readonly string[]>,
): T | undefined {
  const segments = javaPackage.split('.');
  if (javaPackage === '' || segments.some((segment) => segment === '')) {
    return undefined;
  }
  const curated = packageIndex?.get(javaPackage) ?? longestPrefix(segments);
  if (curated) {
    for (const candidate of curated) {
      const found = declared.find((item) => `${item.groupId}:${item.artifactId}` === candidate);
      if (found) {
        return found;
      }
    }
    return undefined;
  }
  return byGroupPrefix(segments, declared) ?? bySharedPrefix(segments, declared);
}

function longestPrefix(segments: readonly string[]): readonly string[] | undefined {
  for (let length = segments.length; length > 0; length--) {
    const found = javaPackageArtifacts.get(segments.slice(0, length).join('.'));
    if (found) {
      return found;
    }
  }
  return undefined;
}

function byGroupPrefix<T extends MavenCoordinates>(segments: readonly string[], declared: readonly T[]): T | undefined {
  const groups = [...new Set(declared.map((item) => item.groupId))]
    .filter((groupId) => groupId.split('.').length >= 2 && isSegmentPrefix(groupId.split('.'), segments))
    .sort((a, b) => b.length - a.length);
  for (const groupId of groups) {
    const artifacts = declared.filter((item) => item.groupId === groupId);
    const groupSegments = groupId.split('.');
    const best = bestByNameParts(segments, groupSegments.length, artifacts);
    if (best) {
      return best;
    }
    // A group named after its project (com.thoughtworks.xstream:xstream) owns the packages under it.
    const named = artifacts.filter((item) => item.artifactId === groupSegments.at(-1));
    if (named.length === 1 || (segments.length === groupSegments.length && artifacts.length === 1)) {
      return named[0] ?? artifacts[0];
    }
  }
  return undefined;
}

function bySharedPrefix<T extends MavenCoordinates>(segments: readonly string[], declared: readonly T[]): T | undefined {
  const candidates = declared.filter((item) => sharedPrefixLength(item.groupId.split('.'), segments) >= 3);
  return bestByNameParts(segments, segments.length, candidates);
}

// Artifact name parts too common to tie a package to an artifact on their own (`shared-api`, `common`).
const genericParts = new Set(['api', 'core', 'common', 'commons', 'impl', 'client', 'server', 'util', 'utils', 'spi', 'lib', 'java', 'sdk', 'base', 'model', 'service', 'services', 'parent', 'all']);

/**
 * The one artifact whose name parts (split on `-` `.` `_`) are the most package segments, with at least one part
 * that is not generic; undefined on a tie. The segment right after the group (`restStart`) being the whole name is
 * worth half a point more (`snakeyaml` beats `snakeyaml-engine` for `org.yaml.snakeyaml`).
 */
function bestByNameParts<T extends MavenCoordinates>(segments: readonly string[], restStart: number, artifacts: readonly T[]): T | undefined {
  const lowered = segments.map((segment) => segment.toLowerCase());
  let best: T | undefined;
  let bestScore = 0;
  let isTied = false;
  for (const artifact of artifacts) {
    const name = artifact.artifactId.toLowerCase();
    const matched = name.split(/[-._]+/).filter((part) => lowered.includes(part));
    if (!matched.some((part) => !genericParts.has(part))) {
      continue;
    }
    const score = matched.length + (lowered[restStart] === name ? 0.5 : 0);
    if (score > bestScore) {
      [best, bestScore, isTied] = [artifact, score, false];
    } else if (score === bestScore) {
      isTied = true;
    }
  }
  return isTied ? undefined : best;
}

function isSegmentPrefix(prefix: readonly string[], segments: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, index) => segments[index] === segment);
}

function sharedPrefixLength(a: readonly string[], b: readonly string[]): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) {
    length++;
  }
  return length;
}

/**
 * Whether a Java package is known to come from some artifact (the jar index or the curated table), declared or not:
 * an import of it that maps to no declared artifact is then no mystery.
 */
export function isKnownJavaPackage(javaPackage: string, packageIndex?: ReadonlyMap<string, readonly string[]>): boolean {
  return packageIndex?.has(javaPackage) === true || longestPrefix(javaPackage.split('.')) !== undefined;
}

/**
 * The Java packages the workspace's own sources may declare: every dotted suffix of a `.java` file's folder
 * (`api/src/main/java/com/acme/shop/Cart.java` gives `shop`, `acme.shop`, `com.acme.shop`, …), since source folders
 * mirror packages. An import of one of them is first-party, not an unknown dependency.
 */
export function javaLocalPackages(paths: readonly string[]): Set<string> {
  const packages = new Set<string>();
  for (const path of paths) {
    if (!path.endsWith('.java')) {
      continue;
    }
    const folders = path.split('/').slice(0, -1);
    let suffix = '';
    for (let index = folders.length - 1; index >= 0 && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(folders[index]!); index--) {
      suffix = suffix === '' ? folders[index]! : `${folders[index]}.${suffix}`;
      packages.add(suffix);
    }
  }
  return packages;
}
