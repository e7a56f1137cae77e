import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeStoredZip } from '../test/zipFile';
import { jarPackages, localArtifactCaches, readMavenJarPackages } from './mavenJarPackages';

// Issue #8 item 4: a Java package that does not look like its group id is mapped from the artifact's own jar.
suite('host/mavenJarPackages', () => {
  let home: string;

  setup(() => {
    home = mkdtempSync(path.join(tmpdir(), 'aspm-m2-'));
  });

  teardown(() => {
    rmSync(home, { recursive: true, force: true });
  });

  const jar = (file: string, classes: string[]): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeStoredZip(file, Object.fromEntries([['META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\n'], ...classes.map((name) => [name, 'cafebabe'])]));
  };

  test('lists the packages of a jar from its central directory; resources, folders and META-INF are not packages', async () => {
    const file = path.join(home, 'a.jar');
    jar(file, ['com/nulabinc/zxcvbn/Zxcvbn.class', 'com/nulabinc/zxcvbn/matchers/Match.class', 'com/nulabinc/zxcvbn/', 'com/nulabinc/zxcvbn/resources/words.txt', 'META-INF/versions/9/com/nulabinc/zxcvbn/Strength.class', 'module-info.class']);
    assert.deepEqual(await jarPackages(file), ['com.nulabinc.zxcvbn', 'com.nulabinc.zxcvbn.matchers']);
    writeFileSync(path.join(home, 'broken.jar'), 'not a zip');
    assert.deepEqual(await jarPackages(path.join(home, 'broken.jar')), [], 'an unreadable jar lists nothing, never throws');
  });

  test('finds jars in ~/.m2/repository, in the settings.xml localRepository and in the Gradle cache; the wanted version else the highest', async () => {
    jar(path.join(home, '.m2', 'repository', 'com', 'nulab-inc', 'zxcvbn', '1.3.0', 'zxcvbn-1.3.0.jar'), ['com/nulabinc/zxcvbn/Zxcvbn.class']);
    jar(path.join(home, 'custom-repo', 'org', 'bitbucket', 'b_c', 'jose4j', '0.9.3', 'jose4j-0.9.3.jar'), ['org/jose4j/jwt/JwtClaims.class']);
    jar(path.join(home, 'custom-repo', 'org', 'bitbucket', 'b_c', 'jose4j', '0.10.0', 'jose4j-0.10.0.jar'), ['org/jose4j/jwt/JwtClaims.class', 'org/jose4j/jwk/JsonWebKey.class']);
    mkdirSync(path.join(home, '.m2'), { recursive: true });
    writeFileSync(path.join(home, '.m2', 'settings.xml'), '<settings><localRepository>${user.home}/custom-repo</localRepository></settings>');
    jar(path.join(home, '.gradle', 'caches', 'modules-2', 'files-2.1', 'org.acme-labs', 'kit-core', '2.1.0', '0a1b2c', 'kit-core-2.1.0.jar'), ['com/example/kit/Clock.class']);
    const caches = await localArtifactCaches({ env: {}, home });
    assert.deepEqual(caches.maven, [path.join(home, 'custom-repo'), path.join(home, '.m2', 'repository')]);
    const index = await readMavenJarPackages(
      [{ name: 'com.nulab-inc:zxcvbn', version: '1.3.0' }, { name: 'org.bitbucket.b_c:jose4j', version: '0.7.0' }, { name: 'org.acme-labs:kit-core', version: '2.1.0' }, { name: 'commons-io:commons-io', version: '2.6' }],
      { env: {}, home },
    );
    assert.deepEqual(Object.fromEntries(index), {
      'com.nulabinc.zxcvbn': ['com.nulab-inc:zxcvbn'],
      // 0.7.0 is not cached: the highest cached version (Maven order: 0.10.0 after 0.9.3) stands for it.
      'org.jose4j.jwt': ['org.bitbucket.b_c:jose4j'],
      'org.jose4j.jwk': ['org.bitbucket.b_c:jose4j'],
      'com.example.kit': ['org.acme-labs:kit-core'],
    });
  });

  test('MAVEN_REPO and GRADLE_USER_HOME move the caches', async () => {
    const caches = await localArtifactCaches({ env: { MAVEN_REPO: path.join(home, 'r'), GRADLE_USER_HOME: path.join(home, 'g') }, home });
    assert.deepEqual(caches, { maven: [path.join(home, 'r'), path.join(home, '.m2', 'repository')], gradle: [path.join(home, 'g', 'caches', 'modules-2', 'files-2.1')] });
  });
});
