/**
 * Packages the Java platform (JDK 17–21) ships: importing them never names a Maven artifact. `javax.*` is listed
 * per package, because much of it (`javax.servlet`, `javax.persistence`, `javax.xml.bind`, `javax.annotation`)
 * comes from artifacts.
 */
const platformPackages: readonly string[] = [
  'java',
  'jdk',
  'sun',
  'javax.accessibility',
  'javax.annotation.processing',
  'javax.crypto',
  'javax.imageio',
  'javax.lang.model',
  'javax.management',
  'javax.naming',
  'javax.net',
  'javax.print',
  'javax.rmi.ssl',
  'javax.script',
  'javax.security.auth',
  'javax.security.cert',
  'javax.security.sasl',
  'javax.smartcardio',
  'javax.sound',
  'javax.sql',
  'javax.swing',
  'javax.tools',
  'javax.transaction.xa',
  'javax.xml.catalog',
  'javax.xml.crypto',
  'javax.xml.datatype',
  'javax.xml.namespace',
  'javax.xml.parsers',
  'javax.xml.stream',
  'javax.xml.transform',
  'javax.xml.validation',
  'javax.xml.xpath',
  'com.sun.crypto.provider',
  'com.sun.jdi',
  'com.sun.jndi',
  'com.sun.management',
  'com.sun.net.httpserver',
  'com.sun.nio.sctp',
  'com.sun.org.apache',
  'com.sun.security.auth',
  'com.sun.source',
  'com.sun.tools.javac',
  'com.sun.xml.internal',
  'org.ietf.jgss',
  'org.w3c.dom',
  'org.xml.sax',
];

/** Whether a Java package belongs to the platform (is, or is inside, one of the platform packages). */
export function isJavaPlatformPackage(javaPackage: string): boolean {
  return platformPackages.some((prefix) => javaPackage === prefix || javaPackage.startsWith(`${prefix}.`));
}
