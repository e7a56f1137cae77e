import { pythonStdlibModules } from './pythonStdlib';

/**
 * Importable modules whose PyPI distribution has another name, as PEP 503-normalized distribution names. Dotted
 * keys cover namespace packages, where the top-level module (`google`, `azure`) is shared by many distributions.
 * Modules that match their distribution after normalization (`flask_cors` → `flask-cors`, `IPython` → `ipython`)
 * need no entry.
 */
export const pythonModuleDistributions: ReadonlyMap<string, string> = new Map([
  ['yaml', 'pyyaml'],
  ['_yaml', 'pyyaml'],
  ['ruamel.yaml', 'ruamel-yaml'],
  ['jwt', 'pyjwt'],
  ['jose', 'python-jose'],
  ['PIL', 'pillow'],
  ['cv2', 'opencv-python'],
  ['sklearn', 'scikit-learn'],
  ['skimage', 'scikit-image'],
  ['bs4', 'beautifulsoup4'],
  ['dateutil', 'python-dateutil'],
  ['dotenv', 'python-dotenv'],
  ['multipart', 'python-multipart'],
  ['slugify', 'python-slugify'],
  ['magic', 'python-magic'],
  ['docx', 'python-docx'],
  ['pptx', 'python-pptx'],
  ['ldap', 'python-ldap'],
  ['gitlab', 'python-gitlab'],
  ['socketio', 'python-socketio'],
  ['engineio', 'python-engineio'],
  ['telegram', 'python-telegram-bot'],
  ['memcache', 'python-memcached'],
  ['nmap', 'python-nmap'],
  ['Crypto', 'pycryptodome'],
  ['Cryptodome', 'pycryptodomex'],
  ['OpenSSL', 'pyopenssl'],
  ['nacl', 'pynacl'],
  ['serial', 'pyserial'],
  ['usb', 'pyusb'],
  ['zmq', 'pyzmq'],
  ['socks', 'pysocks'],
  ['github', 'pygithub'],
  ['saml2', 'pysaml2'],
  ['jks', 'pyjks'],
  ['hamcrest', 'pyhamcrest'],
  ['OpenGL', 'pyopengl'],
  ['fitz', 'pymupdf'],
  ['gi', 'pygobject'],
  ['cairo', 'pycairo'],
  ['attr', 'attrs'],
  ['git', 'gitpython'],
  ['dns', 'dnspython'],
  ['MySQLdb', 'mysqlclient'],
  ['bson', 'pymongo'],
  ['gridfs', 'pymongo'],
  ['kafka', 'kafka-python'],
  ['websocket', 'websocket-client'],
  ['grpc', 'grpcio'],
  ['grpc_status', 'grpcio-status'],
  ['grpc_tools', 'grpcio-tools'],
  ['absl', 'absl-py'],
  ['Bio', 'biopython'],
  ['umap', 'umap-learn'],
  ['markdown_it', 'markdown-it-py'],
  ['pkg_resources', 'setuptools'],
  ['_distutils_hack', 'setuptools'],
  ['_pytest', 'pytest'],
  ['xdist', 'pytest-xdist'],
  ['pyximport', 'cython'],
  ['mpl_toolkits', 'matplotlib'],
  ['pylab', 'matplotlib'],
  ['_cffi_backend', 'cffi'],
  ['win32api', 'pywin32'],
  ['win32con', 'pywin32'],
  ['win32com', 'pywin32'],
  ['pythoncom', 'pywin32'],
  ['wx', 'wxpython'],
  ['Xlib', 'python-xlib'],
  ['rest_framework', 'djangorestframework'],
  ['rest_framework_simplejwt', 'djangorestframework-simplejwt'],
  ['corsheaders', 'django-cors-headers'],
  ['debug_toolbar', 'django-debug-toolbar'],
  ['storages', 'django-storages'],
  ['allauth', 'django-allauth'],
  ['googleapiclient', 'google-api-python-client'],
  ['apiclient', 'google-api-python-client'],
  ['google.protobuf', 'protobuf'],
  ['google.auth', 'google-auth'],
  ['google.oauth2', 'google-auth'],
  ['google.api_core', 'google-api-core'],
  ['google.api', 'googleapis-common-protos'],
  ['google.rpc', 'googleapis-common-protos'],
  ['google.type', 'googleapis-common-protos'],
  ['google.genai', 'google-genai'],
  ['google.generativeai', 'google-generativeai'],
  ['google.cloud.pubsub_v1', 'google-cloud-pubsub'],
  ['vertexai', 'google-cloud-aiplatform'],
  ['paho.mqtt', 'paho-mqtt'],
  ['onelogin.saml2', 'python3-saml'],
]);

/**
 * Top-level modules shared by many distributions (PEP 420 namespace packages): the distribution is named after
 * the first two segments (`zope.interface` → `zope-interface`), or three under the Azure groups that are
 * namespaces themselves (`azure.storage.blob` → `azure-storage-blob`, but `azure.identity.aio` → `azure-identity`).
 * `google.cloud.*` is handled apart; other `google.*` modules are only known from the table.
 */
const namespaceRoots: ReadonlySet<string> = new Set(['azure', 'zope', 'backports', 'jaraco', 'sphinxcontrib']);
const azureGroups: ReadonlySet<string> = new Set(['storage', 'keyvault', 'mgmt', 'ai', 'monitor', 'data', 'communication', 'search', 'messaging', 'schemaregistry']);

/** PEP 503 normalization: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizeDistributionName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** Whether a top-level module belongs to the standard library (Python 3.12 and the modules it removed). */
export function isPythonStdlibModule(module: string): boolean {
  return pythonStdlibModules.has(module.split('.')[0] ?? module);
}

/**
 * The PEP 503-normalized PyPI distribution that provides an absolute module (`yaml`, `google.protobuf.message`),
 * trying in order: the longest dotted prefix in `topLevelIndex` (module → distribution, read from an in-workspace
 * virtualenv, see `pythonDistInfo.ts`), the longest prefix in {@link pythonModuleDistributions}, the namespace
 * package rules, and finally the top-level module's own name, which is right for most packages (`requests`,
 * `flask_cors` → `flask-cors`). Undefined for standard-library, relative and malformed modules, for unknown private
 * modules (`_speedups`) and for namespace roots that give no distribution (`google.unknown`): callers then say
 * `unknown`.
 */
export function distributionForModule(module: string, topLevelIndex?: ReadonlyMap<string, string>): string | undefined {
  const segments = module.split('.');
  if (segments.some((segment) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) || isPythonStdlibModule(module)) {
    return undefined;
  }
  const known = (topLevelIndex && longestPrefix(segments, topLevelIndex)) ?? longestPrefix(segments, pythonModuleDistributions);
  if (known !== undefined) {
    return normalizeDistributionName(known);
  }
  const [root] = segments;
  if (root === 'google') {
    // google-cloud-storage ships google.cloud.storage; versioned API packages drop the suffix (pubsub_v1).
    return segments[1] === 'cloud' && segments[2] ? normalizeDistributionName(`google-cloud-${segments[2].replace(/_v\d+\w*$/, '')}`) : undefined;
  }
  if (namespaceRoots.has(root ?? '')) {
    const depth = root === 'azure' && azureGroups.has(segments[1] ?? '') ? 3 : 2;
    return segments.length >= depth ? normalizeDistributionName(segments.slice(0, depth).join('-')) : undefined;
  }
  // A private top-level module (`_speedups`) is an implementation detail of some other distribution.
  return root === undefined || root.startsWith('_') ? undefined : normalizeDistributionName(root);
}

function longestPrefix(segments: readonly string[], table: ReadonlyMap<string, string>): string | undefined {
  for (let length = segments.length; length > 0; length--) {
    const found = table.get(segments.slice(0, length).join('.'));
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
