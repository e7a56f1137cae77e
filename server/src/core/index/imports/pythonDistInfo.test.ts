import { strict as assert } from 'node:assert';
import { buildTopLevelIndex, distributionOfFolder, metadataName, modulesFromRecord, parseTopLevel } from './pythonDistInfo';

suite('core/index/imports/pythonDistInfo', () => {
  test('parseTopLevel: distribution from the folder or METADATA, modules from the lines', () => {
    const table: { folder: string; text: string; metadata?: string; expected: ReturnType<typeof parseTopLevel> }[] = [
      { folder: 'PyYAML-6.0.1.dist-info', text: '_yaml\nyaml\n', expected: { distribution: 'pyyaml', modules: ['_yaml', 'yaml'] } },
      { folder: 'python_dateutil-2.8.2.dist-info', text: 'dateutil\r\n', expected: { distribution: 'python-dateutil', modules: ['dateutil'] } },
      { folder: 'scikit_learn-1.4.0-py3.12.egg-info', text: 'sklearn\n\n', expected: { distribution: 'scikit-learn', modules: ['sklearn'] } },
      { folder: 'mypkg.egg-info', text: 'mypkg\n', expected: { distribution: 'mypkg', modules: ['mypkg'] } },
      { folder: 'weird-1.0.dist-info', text: 'a\n', metadata: 'Metadata-Version: 2.1\nName: Weird.Name\nVersion: 1.0\n\nName: not-this', expected: { distribution: 'weird-name', modules: ['a'] } },
      { folder: 'pkg-1.0.dist-info', text: 'ok\n# comment\nnot a module\nns/sub\nok\n', expected: { distribution: 'pkg', modules: ['ok', 'ns.sub'] } },
      { folder: 'site-packages', text: 'yaml\n', expected: undefined },
      { folder: 'x.dist-info.bak', text: 'yaml\n', expected: undefined },
    ];
    for (const { folder, text, metadata, expected } of table) {
      assert.deepEqual(parseTopLevel(folder, text, metadata), expected, folder);
    }
  });

  test('distribution folder names and METADATA names', () => {
    assert.deepEqual(['Flask-2.2.2.dist-info', 'zope.interface-6.0.dist-info', '-1.0.dist-info', 'Flask-2.2.2.dist-info/RECORD'].map(distributionOfFolder), ['Flask', 'zope.interface', undefined, undefined]);
    assert.deepEqual(['Name: PyJWT\n', 'Metadata-Version: 2.1\nSummary: x\n', '\nName: late\n', 'name:   spaced \n'].map(metadataName), ['PyJWT', undefined, undefined, 'spaced']);
  });

  test('modulesFromRecord: packages, single modules, extensions and namespace packages', () => {
    const record = [
      'yaml/__init__.py,sha256=abc,123',
      'yaml/constructor.py,sha256=abc,456',
      '_yaml.cpython-312-x86_64-linux-gnu.so,sha256=abc,789',
      'six.py,sha256=abc,10',
      'google/protobuf/__init__.py,sha256=abc,1',
      'google/protobuf/message.py,sha256=abc,1',
      'google/_upb/_message.abi3.so,sha256=abc,1',
      '"odd,name/__init__.py",sha256=abc,1',
      'PyYAML-6.0.1.dist-info/RECORD,,',
      'PyYAML-6.0.1.data/scripts/tool,sha256=abc,1',
      '../../../bin/yaml-tool,sha256=abc,1',
      'yaml/__pycache__/constructor.cpython-312.pyc,,',
      'share/man/man1/tool.1,sha256=abc,1',
      '',
    ].join('\n');
    assert.deepEqual(modulesFromRecord(record), ['_yaml', 'google._upb._message', 'google.protobuf', 'six', 'yaml']);
  });

  test('buildTopLevelIndex leaves out modules claimed by several distributions', () => {
    const index = buildTopLevelIndex([
      { distribution: 'protobuf', modules: ['google'] },
      { distribution: 'google-auth', modules: ['google'] },
      { distribution: 'pyyaml', modules: ['yaml', '_yaml'] },
      { distribution: 'pyyaml', modules: ['yaml'] },
    ]);
    assert.deepEqual([...index].sort(), [['_yaml', 'pyyaml'], ['yaml', 'pyyaml']]);
  });
});
