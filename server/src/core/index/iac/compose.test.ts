import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { loopbackPort, readCompose } from './compose';
import { analyzeText, assertMatchesAnnotations } from './iacTestKit.test';

suite('core/index/iac/compose', () => {
  test('finds exactly the annotated findings and signals of iac/docker-compose.yml', async () => {
    const text = readFixture('iac', 'docker-compose.yml');
    assertMatchesAnnotations(text, await analyzeText('docker-compose.yml', text), 'docker-compose.yml');
  });

  test('services are resources with path#service addresses and their images', () => {
    const file = readCompose('deploy/docker-compose.yml', readFixture('iac', 'docker-compose.yml'));
    assert.deepEqual(file.problems, []);
    assert.deepEqual(
      file.resources.map((resource) => [resource.tool, resource.type, resource.address, resource.images]),
      [
        ['compose', 'service', 'deploy/docker-compose.yml#web', ['acme/shop-web:latest']],
        ['compose', 'service', 'deploy/docker-compose.yml#db', ['postgres:16.3']],
        ['compose', 'service', 'deploy/docker-compose.yml#agent', ['portainer/agent:2.19.4']],
      ],
    );
  });

  test('short port syntax: which bind every interface, and their loopback form', () => {
    const table: [string, ReturnType<typeof loopbackPort>][] = [
      ['80', { isOnAllInterfaces: true, loopback: '127.0.0.1::80' }],
      ['8080:80', { isOnAllInterfaces: true, loopback: '127.0.0.1:8080:80' }],
      ['8000-8010:8000-8010/udp', { isOnAllInterfaces: true, loopback: '127.0.0.1:8000-8010:8000-8010/udp' }],
      ['0.0.0.0:8080:80', { isOnAllInterfaces: true, loopback: '127.0.0.1:8080:80' }],
      ['[::]:8080:80', { isOnAllInterfaces: true, loopback: '127.0.0.1:8080:80' }],
      ['127.0.0.1:8080:80', { isOnAllInterfaces: false, loopback: '127.0.0.1:8080:80' }],
      ['[::1]:8080:80', { isOnAllInterfaces: false, loopback: '127.0.0.1:8080:80' }],
      ['127.0.0.1::80', { isOnAllInterfaces: false, loopback: '127.0.0.1::80' }],
      ['${WEB_PORT}:80', undefined],
    ];
    for (const [spec, expected] of table) {
      assert.deepEqual(loopbackPort(spec), expected, spec);
    }
  });

  test('long port syntax, environment lists and bind mounts', () => {
    const text = [
      'services:',
      '  api:',
      '    image: acme/api:1.0.0',
      '    ports:',
      '      - target: 80',
      '        published: 8080',
      '      - target: 443',
      '        host_ip: 127.0.0.1',
      '    environment:',
      '      - API_KEY',
      '      - SECRET_KEY=${SECRET_KEY}',
      '    volumes:',
      '      - type: bind',
      '        source: /',
      '        target: /host',
      '      - ./src:/app/src',
      '      - logs:/var/log',
      'volumes:',
      '  logs: {}',
      '',
    ].join('\n');
    const file = readCompose('compose.yaml', text);
    assert.deepEqual(
      file.signals.map((signal) => [signal.check, signal.location.range.start.line, signal.anchor === undefined]),
      [
        ['published-port', 5, true],
        ['host-path', 13, true],
      ],
    );
    assert.equal(file.signals[1]!.message, 'Service api of compose.yaml mounts the host path /');
  });

  test('broken YAML is a problem, not a throw', () => {
    const file = readCompose('docker-compose.yml', 'services:\n  web:\n    image: [nginx\n');
    assert.ok(file.problems.length > 0);
    assert.match(file.problems[0]!.message, /^YAML syntax error/);
  });
});
