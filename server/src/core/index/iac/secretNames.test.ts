import { strict as assert } from 'node:assert';
import { isSensitiveHostPath } from './hostPaths';
import { parseImageRef, unpinnedImageReason } from './imageRef';
import { isLiteralSecretValue, isSecretName } from './secretNames';

suite('core/index/iac: names, values, images and host paths', () => {
  test('secret-looking variable names', () => {
    const table: [string, boolean][] = [
      ['DB_PASSWORD', true],
      ['dbPassword', true],
      ['POSTGRES_PASSWORD', true],
      ['API_KEY', true],
      ['stripeApiKey', true],
      ['AWS_SECRET_ACCESS_KEY', true],
      ['GITHUB_TOKEN', true],
      ['JWT_SECRET', true],
      ['SECRET_KEY_BASE', true],
      ['client-secret', true],
      ['PASSWORD_FILE', false],
      ['TOKEN_URL', false],
      ['SECRET_NAME', false],
      ['PASSWORD_MIN_LENGTH', false],
      ['AUTH_ENABLED', false],
      ['KEYCLOAK_HOST', false],
      ['MONKEY', false],
      ['LOG_LEVEL', false],
      ['', false],
    ];
    for (const [name, expected] of table) {
      assert.equal(isSecretName(name), expected, name);
    }
  });

  test('literal values, as opposed to references and flags', () => {
    const table: [string, boolean][] = [
      ['hunter2', true],
      ['s3cr3t with spaces', true],
      ['1234', true],
      ['', false],
      ['  ', false],
      ['true', false],
      ['${DB_PASSWORD}', false],
      ['$(BOOTSTRAP_TOKEN)', false],
      ['$SECRET', false],
      ['prefix-${VAR}', false],
    ];
    for (const [value, expected] of table) {
      assert.equal(isLiteralSecretValue(value), expected, value);
    }
  });

  test('image references', () => {
    assert.deepEqual(parseImageRef('registry.local:5000/team/app:1.2@sha256:abc'), { name: 'registry.local:5000/team/app', tag: '1.2', digest: 'sha256:abc' });
    assert.deepEqual(parseImageRef('registry.local:5000/team/app'), { name: 'registry.local:5000/team/app', digest: undefined });
    const table: [string, string | undefined][] = [
      ['nginx', 'untagged'],
      ['nginx:latest', 'latest'],
      ['ghcr.io/acme/app:latest', 'latest'],
      ['registry.local:5000/app', 'untagged'],
      ['nginx:1.27.0', undefined],
      ['nginx@sha256:abc', undefined],
      ['nginx:latest@sha256:abc', undefined],
      ['${IMAGE}', undefined],
      ['{{ .Values.image }}', undefined],
      ['', undefined],
    ];
    for (const [reference, reason] of table) {
      assert.equal(unpinnedImageReason(reference), reason, reference);
    }
  });

  test('host paths that hand over the host', () => {
    const table: [string, boolean][] = [
      ['/', true],
      ['/var/run/docker.sock', true],
      ['/run/containerd/containerd.sock', true],
      ['/etc', true],
      ['/etc/ssl/certs', true],
      ['/proc', true],
      ['/var/lib/kubelet/pods', true],
      ['/srv/data', false],
      ['/var/log/app', false],
      ['/etcetera', false],
      ['/data/docker.socket', false],
    ];
    for (const [path, expected] of table) {
      assert.equal(isSensitiveHostPath(path), expected, path);
    }
  });
});
