/** A Maven artifact's coordinates. */
export interface MavenCoordinates {
  groupId: string;
  artifactId: string;
}

/**
 * Java packages whose artifact cannot be told from the group id (`com.google.common` ↔ `com.google.guava:guava`), or
 * whose group holds several artifacts: package prefix → `groupId:artifactId` candidates, preferred first.
 */
export const javaPackageArtifacts: ReadonlyMap<string, readonly string[]> = new Map([
  ['com.fasterxml.jackson.databind', ['com.fasterxml.jackson.core:jackson-databind']],
  ['com.fasterxml.jackson.core', ['com.fasterxml.jackson.core:jackson-core']],
  ['com.fasterxml.jackson.annotation', ['com.fasterxml.jackson.core:jackson-annotations']],
  ['com.fasterxml.jackson.dataformat.yaml', ['com.fasterxml.jackson.dataformat:jackson-dataformat-yaml']],
  ['com.fasterxml.jackson.dataformat.xml', ['com.fasterxml.jackson.dataformat:jackson-dataformat-xml']],
  ['org.apache.logging.log4j.core', ['org.apache.logging.log4j:log4j-core']],
  // The API classes (LogManager, Logger) are where calls reach log4j-core, which brings log4j-api along.
  ['org.apache.logging.log4j', ['org.apache.logging.log4j:log4j-api', 'org.apache.logging.log4j:log4j-core']],
  ['org.apache.log4j', ['log4j:log4j', 'org.apache.logging.log4j:log4j-1.2-api']],
  ['org.apache.commons.lang3', ['org.apache.commons:commons-lang3']],
  ['org.apache.commons.lang', ['commons-lang:commons-lang']],
  ['org.apache.commons.text', ['org.apache.commons:commons-text']],
  ['org.apache.commons.collections4', ['org.apache.commons:commons-collections4']],
  ['org.apache.commons.collections', ['commons-collections:commons-collections']],
  ['org.apache.commons.compress', ['org.apache.commons:commons-compress']],
  ['org.apache.commons.configuration2', ['org.apache.commons:commons-configuration2']],
  ['org.apache.commons.io', ['commons-io:commons-io']],
  ['org.apache.commons.codec', ['commons-codec:commons-codec']],
  ['org.apache.commons.fileupload', ['commons-fileupload:commons-fileupload']],
  ['org.apache.commons.beanutils', ['commons-beanutils:commons-beanutils']],
  ['org.apache.commons.logging', ['commons-logging:commons-logging']],
  ['org.apache.http.client', ['org.apache.httpcomponents:httpclient']],
  ['org.apache.http.impl.client', ['org.apache.httpcomponents:httpclient']],
  ['org.apache.http', ['org.apache.httpcomponents:httpcore', 'org.apache.httpcomponents:httpclient']],
  ['org.apache.hc.client5', ['org.apache.httpcomponents.client5:httpclient5']],
  ['org.apache.hc.core5', ['org.apache.httpcomponents.core5:httpcore5']],
  ['com.google.common', ['com.google.guava:guava']],
  ['com.google.gson', ['com.google.code.gson:gson']],
  ['com.google.protobuf', ['com.google.protobuf:protobuf-java']],
  ['org.springframework.web.servlet', ['org.springframework:spring-webmvc']],
  ['org.springframework.web.reactive', ['org.springframework:spring-webflux']],
  ['org.springframework.web', ['org.springframework:spring-web']],
  ['org.springframework.context', ['org.springframework:spring-context']],
  ['org.springframework.beans', ['org.springframework:spring-beans']],
  ['org.springframework.core', ['org.springframework:spring-core']],
  ['org.springframework.expression', ['org.springframework:spring-expression']],
  ['org.springframework.jdbc', ['org.springframework:spring-jdbc']],
  ['org.springframework.boot.autoconfigure', ['org.springframework.boot:spring-boot-autoconfigure']],
  ['org.springframework.boot', ['org.springframework.boot:spring-boot']],
  ['org.springframework.security.web', ['org.springframework.security:spring-security-web']],
  ['org.springframework.security.config', ['org.springframework.security:spring-security-config']],
  ['org.springframework.security', ['org.springframework.security:spring-security-core']],
  ['org.slf4j', ['org.slf4j:slf4j-api']],
  ['ch.qos.logback.classic', ['ch.qos.logback:logback-classic']],
  ['ch.qos.logback.core', ['ch.qos.logback:logback-core']],
  ['io.jsonwebtoken', ['io.jsonwebtoken:jjwt-api', 'io.jsonwebtoken:jjwt']],
  ['com.mysql', ['com.mysql:mysql-connector-j', 'mysql:mysql-connector-java']],
  ['org.h2', ['com.h2database:h2']],
  ['org.hibernate.validator', ['org.hibernate.validator:hibernate-validator']],
  ['org.hibernate', ['org.hibernate.orm:hibernate-core', 'org.hibernate:hibernate-core']],
  ['javax.servlet', ['javax.servlet:javax.servlet-api', 'javax.servlet:servlet-api']],
  ['jakarta.servlet', ['jakarta.servlet:jakarta.servlet-api']],
  ['org.junit.jupiter.api', ['org.junit.jupiter:junit-jupiter-api', 'org.junit.jupiter:junit-jupiter']],
  ['org.junit', ['junit:junit']],
  ['org.mockito', ['org.mockito:mockito-core']],
  ['okhttp3', ['com.squareup.okhttp3:okhttp']],
  ['retrofit2', ['com.squareup.retrofit2:retrofit']],
  ['org.apache.struts2', ['org.apache.struts:struts2-core']],
  ['freemarker', ['org.freemarker:freemarker']],
  ['org.apache.velocity', ['org.apache.velocity:velocity-engine-core', 'org.apache.velocity:velocity']],
  ['com.alibaba.fastjson2', ['com.alibaba.fastjson2:fastjson2']],
  ['com.alibaba.fastjson', ['com.alibaba:fastjson']],
  ['org.apache.shiro', ['org.apache.shiro:shiro-core']],
  ['org.apache.kafka.clients', ['org.apache.kafka:kafka-clients']],
  ['com.zaxxer.hikari', ['com.zaxxer:HikariCP']],
  ['org.apache.ibatis', ['org.mybatis:mybatis']],
  ['org.bouncycastle', ['org.bouncycastle:bcprov-jdk18on', 'org.bouncycastle:bcprov-jdk15on']],
  ['com.nimbusds', ['com.nimbusds:nimbus-jose-jwt']],
  ['io.netty.handler.codec.http', ['io.netty:netty-codec-http']],
  ['io.netty.buffer', ['io.netty:netty-buffer']],
  ['io.netty.channel', ['io.netty:netty-transport']],
  ['io.netty.util', ['io.netty:netty-common']],
  ['org.apache.catalina', ['org.apache.tomcat.embed:tomcat-embed-core']],
  ['org.apache.tomcat', ['org.apache.tomcat.embed:tomcat-embed-core']],
  ['org.eclipse.jetty.server', ['org.eclipse.jetty:jetty-server']],
  ['reactor.core', ['io.projectreactor:reactor-core']],
  ['org.apache.tika', ['org.apache.tika:tika-core']],
  ['org.apache.poi', ['org.apache.poi:poi', 'org.apache.poi:poi-ooxml']],
  ['org.jdom2', ['org.jdom:jdom2']],
]);

/**
 * The declared artifact that provides a Java package, or undefined when that cannot be told (callers then say
 * `unknown`, never `declared`). In order:
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
export function mavenCoordinatesForJavaPackage<T extends MavenCoordinates>(javaPackage: string, declared: readonly T[]): T | undefined {
  const segments = javaPackage.split('.');
  if (javaPackage === '' || segments.some((segment) => segment === '')) {
    return undefined;
  }
  const curated = longestPrefix(segments);
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
