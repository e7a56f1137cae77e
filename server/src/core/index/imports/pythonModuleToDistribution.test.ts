import { strict as assert } from 'node:assert';
import { distributionForModule, normalizeDistributionName, pythonModuleDistributions } from './pythonModuleToDistribution';

suite('core/index/imports/pythonModuleToDistribution', () => {
  test('module to distribution, without a virtualenv index', () => {
    const table: [string, string | undefined][] = [
      ['yaml', 'pyyaml'],
      ['yaml.constructor', 'pyyaml'],
      ['jwt', 'pyjwt'],
      ['PIL.Image', 'pillow'],
      ['cv2', 'opencv-python'],
      ['sklearn.linear_model', 'scikit-learn'],
      ['bs4', 'beautifulsoup4'],
      ['dateutil.parser', 'python-dateutil'],
      ['dotenv', 'python-dotenv'],
      ['Crypto.Cipher.AES', 'pycryptodome'],
      ['google.protobuf.json_format', 'protobuf'],
      ['attr', 'attrs'],
      ['magic', 'python-magic'],
      ['serial.tools', 'pyserial'],
      ['ruamel.yaml', 'ruamel-yaml'],
      ['google.cloud.storage', 'google-cloud-storage'],
      ['google.cloud.pubsub_v1', 'google-cloud-pubsub'],
      ['google.cloud.bigquery_v2.types', 'google-cloud-bigquery'],
      ['google.oauth2.service_account', 'google-auth'],
      ['azure.storage.blob', 'azure-storage-blob'],
      ['azure.identity.aio', 'azure-identity'],
      ['zope.interface', 'zope-interface'],
      ['flask', 'flask'],
      ['flask_cors', 'flask-cors'],
      ['IPython.display', 'ipython'],
      ['typing_extensions', 'typing-extensions'],
      ['_distutils_hack', 'setuptools'],
      ['_speedups', undefined],
      ['google', undefined],
      ['google.unknown', undefined],
      ['azure', undefined],
      ['os', undefined],
      ['os.path', undefined],
      ['asyncio.subprocess', undefined],
      ['distutils.core', undefined],
      ['__future__', undefined],
      ['', undefined],
      ['.relative', undefined],
      ['not-a-module', undefined],
    ];
    for (const [module, distribution] of table) {
      assert.equal(distributionForModule(module), distribution, module);
    }
  });

  test('the virtualenv index wins over the table, by longest dotted prefix', () => {
    const index = new Map([
      ['yaml', 'ruamel-yaml-fork'],
      ['google.protobuf', 'protobuf'],
      ['google.protobuf.internal', 'protobuf-internal-test'],
      ['mylib', 'My_Lib'],
    ]);
    const table: [string, string | undefined][] = [
      ['yaml', 'ruamel-yaml-fork'],
      ['google.protobuf.message', 'protobuf'],
      ['google.protobuf.internal.x', 'protobuf-internal-test'],
      ['mylib.sub', 'my-lib'],
      ['jwt', 'pyjwt'],
      ['sys', undefined],
    ];
    for (const [module, distribution] of table) {
      assert.equal(distributionForModule(module, index), distribution, module);
    }
  });

  test('the table holds at least 25 normalized distribution names', () => {
    assert.ok(pythonModuleDistributions.size >= 25);
    for (const [module, distribution] of pythonModuleDistributions) {
      assert.equal(normalizeDistributionName(distribution), distribution, module);
    }
  });

  test('PEP 503 normalization', () => {
    const table: [string, string][] = [
      ['PyYAML', 'pyyaml'],
      ['python_dateutil', 'python-dateutil'],
      ['zope.interface', 'zope-interface'],
      ['A--B__c..d', 'a-b-c-d'],
    ];
    for (const [name, normalized] of table) {
      assert.equal(normalizeDistributionName(name), normalized, name);
    }
  });
});
