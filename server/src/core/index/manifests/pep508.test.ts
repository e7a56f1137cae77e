import { strict as assert } from 'node:assert';
import { normalizePypiName, parsePep508, pinnedVersion } from './pep508';

suite('core/index/manifests/pep508', () => {
  const names: [string, string][] = [
    ['Flask', 'flask'],
    ['PyYAML', 'pyyaml'],
    ['zope.interface', 'zope-interface'],
    ['typing_extensions', 'typing-extensions'],
    ['Foo__Bar-.-baz', 'foo-bar-baz'],
  ];
  for (const [name, normalized] of names) {
    test(`normalizes ${name}`, () => assert.equal(normalizePypiName(name), normalized));
  }

  const requirements: { text: string; expect?: { name: string; extras?: string[]; spec?: string; url?: string; marker?: string } }[] = [
    { text: 'flask', expect: { name: 'flask', spec: '' } },
    { text: 'Flask==2.2.2', expect: { name: 'flask', spec: '==2.2.2' } },
    { text: 'requests[security, socks] >= 2.8.1, == 2.8.* ; python_version < "2.7"', expect: { name: 'requests', extras: ['security', 'socks'], spec: '>= 2.8.1, == 2.8.*', marker: 'python_version < "2.7"' } },
    { text: 'asgiref (>=3.2)', expect: { name: 'asgiref', spec: '>=3.2' } },
    { text: 'pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; os_name == "nt"', expect: { name: 'pip', spec: '', url: 'https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee', marker: 'os_name == "nt"' } },
    { text: 'Django~=4.1.0', expect: { name: 'django', spec: '~=4.1.0' } },
    { text: 'git+https://github.com/acme/lib.git' },
    { text: './local/path' },
    { text: 'flask=2' },
    { text: 'flask[async' },
    { text: '' },
  ];
  for (const { text, expect } of requirements) {
    test(`reads "${text}"`, () => {
      const parsed = parsePep508(text);
      if (!expect) {
        assert.equal(parsed, undefined);
        return;
      }
      assert.equal(parsed?.normalizedName, expect.name);
      assert.deepEqual(parsed?.extras, expect.extras ?? []);
      assert.equal(parsed?.spec, expect.spec ?? '');
      assert.equal(parsed?.url, expect.url);
      assert.equal(parsed?.marker, expect.marker);
    });
  }

  const pins: [string, string | undefined][] = [
    ['==2.2.2', '2.2.2'],
    ['=== 1.0+local', '1.0+local'],
    ['==2.2.*', undefined],
    ['>=2.2', undefined],
    ['==2.2,<3', undefined],
    ['', undefined],
  ];
  for (const [spec, version] of pins) {
    test(`pin of "${spec}"`, () => assert.equal(pinnedVersion(spec), version));
  }
});
