import { strict as assert } from 'node:assert';
import type { ImportFact } from '../model/importFact';
import type { DeclaredDependency, DependencyGraph, ResolvedPackage } from '../model/dependency';
import { noExposure } from '../model/exposure';
import type { ReachabilityTier } from '../model/analysis';
import type { PackageMatch } from './locatePackage';
import { decidePackageReachability, unresolvedImportKey } from './reachability';

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 10 } });
const declaration = (name: string, manifestPath: string, line: number, scope: DeclaredDependency['scope'] = 'prod'): DeclaredDependency => ({ name, spec: '', scope, manifestPath, range: range(line) });
const site = (path: string, packageName: string, line = 0): ImportFact => ({ specifier: packageName, packageName, kind: 'import', isTypeOnly: false, path, range: range(line) });

interface Case {
  name: string;
  ecosystem: string;
  pkg: Partial<ResolvedPackage> & { name: string; introducedBy: DeclaredDependency[] };
  graph?: Partial<DependencyGraph>;
  /** Import sites with the target each resolves to. */
  sites?: [ImportFact, string][];
  /** Go: the advisory's vulnerable packages, and other modules go.mod requires. */
  vulnerablePackages?: string[];
  otherModules?: string[];
  tier: ReachabilityTier;
  summary: RegExp;
}

// Issue #8 "the rule": a verdict lowers a finding only on positive evidence; absence of evidence is `unknown`.
const cases: Case[] = [
  {
    name: 'a lockfile graph that knows every dependant, nothing imports it or what pulls it in: declared',
    ecosystem: 'npm',
    pkg: { name: 'moment', isDirect: true, introducedBy: [declaration('moment', 'package.json', 14)] },
    graph: { hasLockfile: true },
    tier: 'declared',
    summary: /^moment is declared but nothing imports it$/,
  },
  {
    name: 'a flat requirements.txt records no graph: unknown, said plainly',
    ecosystem: 'pypi',
    pkg: { name: 'urllib3', isDirect: true, hasKnownParents: false, introducedBy: [declaration('urllib3', 'requirements.txt', 13)] },
    tier: 'unknown',
    summary: /^urllib3: nothing imports it, but requirements\.txt records no dependency graph .*may be pulled in by another requirement$/,
  },
  {
    name: 'go.mod // indirect: a dependency requires it and go.mod does not say which',
    ecosystem: 'golang',
    pkg: { name: 'github.com/valyala/fasthttp', isDirect: false, hasKnownParents: false, introducedBy: [declaration('github.com/valyala/fasthttp', 'go.mod', 10)] },
    graph: { hasLockfile: true },
    tier: 'unknown',
    summary: /go\.mod marks it `\/\/ indirect` \(a dependency requires it\) and records no dependency graph \(go\.sum is not one\)/,
  },
  {
    name: 'a direct go.mod module only test code imports: unknown, since another module may require it',
    ecosystem: 'golang',
    pkg: { name: 'golang.org/x/net', isDirect: true, hasKnownParents: false, introducedBy: [declaration('golang.org/x/net', 'go.mod', 9)] },
    sites: [[site('server_test.go', 'golang.org/x/net/html'), 'golang:golang.org/x/net']],
    tier: 'unknown',
    summary: /^golang\.org\/x\/net: only test code imports it, but go\.mod records no dependency graph/,
  },
  {
    name: 'the graph says why better than the file: an unrequested extra',
    ecosystem: 'pypi',
    pkg: { name: 'cryptography', hasKnownParents: false, unknownParentsReason: 'the installed metadata lists cryptography under the [crypto] extra of pyjwt', introducedBy: [declaration('cryptography', 'requirements.txt', 4)] },
    tier: 'unknown',
    summary: /but the installed metadata lists cryptography under the \[crypto\] extra of pyjwt$/,
  },
  {
    name: 'dev-only by a lockfile that knows every dependant',
    ecosystem: 'npm',
    pkg: { name: 'nanoid', isDirect: false, isDevOnly: true, introducedBy: [declaration('mocha', 'package.json', 18, 'dev')] },
    graph: { hasLockfile: true },
    tier: 'dev-only',
    summary: /^nanoid is only used in development/,
  },
  {
    name: 'declared only in requirements-dev.txt, but no graph says a production requirement does not pull it in',
    ecosystem: 'pypi',
    pkg: { name: 'idna', isDirect: true, isDevOnly: true, hasKnownParents: false, introducedBy: [declaration('idna', 'requirements-dev.txt', 2, 'dev')] },
    tier: 'unknown',
    summary: /^idna: nothing imports it and only development dependencies declare it, but requirements-dev\.txt records no dependency graph/,
  },
  {
    name: 'a test-scoped pom.xml dependency: Maven keeps the nearest scope, so dev-only without a graph',
    ecosystem: 'maven',
    pkg: { name: 'junit:junit', isDirect: true, isDevOnly: true, introducedBy: [declaration('junit:junit', 'pom.xml', 28, 'dev')] },
    sites: [[site('src/main/java/A.java', 'com.example.kit'), unresolvedImportKey('maven')]],
    tier: 'dev-only',
    summary: /^junit:junit is only used in development/,
  },
  {
    name: 'an import no table ties to a package keeps an unimported package of a known graph at unknown, citing it',
    ecosystem: 'pypi',
    pkg: { name: 'python-jose', isDirect: true, introducedBy: [declaration('python-jose', 'pyproject.toml', 9)] },
    graph: { hasLockfile: true },
    sites: [[site('app/auth.py', 'jose', 2), unresolvedImportKey('pypi')]],
    tier: 'unknown',
    summary: /^no import is tied to python-jose, but application code imports jose, which no dependency is known to provide: it may belong to python-jose$/,
  },
  {
    name: 'imported through the dependency that pulls it in',
    ecosystem: 'pypi',
    pkg: { name: 'urllib3', isDirect: true, introducedBy: [declaration('urllib3', 'requirements.txt', 13), declaration('requests', 'requirements.txt', 10)] },
    graph: { hasLockfile: false, edgeSource: '.venv/lib/python3.10/site-packages' },
    sites: [[site('polls/views.py', 'requests', 1), 'pypi:requests']],
    tier: 'imported',
    summary: /^application code imports requests, which depends on urllib3$/,
  },
  {
    name: 'compiled in per Gopkg.lock: imported, though no first-party file imports it',
    ecosystem: 'golang',
    pkg: { name: 'gopkg.in/yaml.v2', hasKnownParents: false, compiledPackages: ['gopkg.in/yaml.v2'], introducedBy: [declaration('gopkg.in/yaml.v2', 'Gopkg.lock', 98)] },
    tier: 'imported',
    summary: /^Gopkg\.lock records that the build compiles in gopkg\.in\/yaml\.v2; no application file imports gopkg\.in\/yaml\.v2, so a dependency does/,
  },
  // One rule for "the vulnerable package of the module is not imported" (README.md): declared only when nothing
  // else could import it (no other require) or a graph lists what the build compiles in.
  {
    name: 'a direct go.mod module whose other package is imported, with other requires and no graph: unknown, saying who may import it',
    ecosystem: 'golang',
    pkg: { name: 'golang.org/x/crypto', isDirect: true, hasKnownParents: false, introducedBy: [declaration('golang.org/x/crypto', 'go.mod', 7)] },
    sites: [[site('ntlm.go', 'golang.org/x/crypto/md4', 5), 'golang:golang.org/x/crypto']],
    vulnerablePackages: ['golang.org/x/crypto/ssh'],
    otherModules: ['github.com/gofiber/fiber/v2'],
    tier: 'unknown',
    summary: /^golang\.org\/x\/crypto: application code imports golang\.org\/x\/crypto\/md4, not the vulnerable golang\.org\/x\/crypto\/ssh; go\.mod also requires github\.com\/gofiber\/fiber\/v2, which may import it, and records no graph/,
  },
  {
    name: 'the same with nothing else required: nothing else can import the vulnerable package, declared',
    ecosystem: 'golang',
    pkg: { name: 'golang.org/x/crypto', isDirect: true, hasKnownParents: false, introducedBy: [declaration('golang.org/x/crypto', 'go.mod', 7)] },
    sites: [[site('ntlm.go', 'golang.org/x/crypto/md4', 5), 'golang:golang.org/x/crypto']],
    vulnerablePackages: ['golang.org/x/crypto/ssh'],
    tier: 'declared',
    summary: /^application code imports golang\.org\/x\/crypto\/md4, not the vulnerable golang\.org\/x\/crypto\/ssh$/,
  },
  {
    name: 'Gopkg.lock lists the packages compiled in, and not the vulnerable one: declared',
    ecosystem: 'golang',
    pkg: { name: 'golang.org/x/crypto', hasKnownParents: false, compiledPackages: ['golang.org/x/crypto/md4'], introducedBy: [declaration('golang.org/x/crypto', 'Gopkg.lock', 40)] },
    vulnerablePackages: ['golang.org/x/crypto/ssh'],
    otherModules: ['github.com/gin-gonic/gin'],
    tier: 'declared',
    summary: /^Gopkg\.lock records the packages of golang\.org\/x\/crypto the build compiles in, and the vulnerable golang\.org\/x\/crypto\/ssh is not one of them$/,
  },
  {
    name: 'Gopkg.lock lists the vulnerable package as compiled in: imported',
    ecosystem: 'golang',
    pkg: { name: 'golang.org/x/crypto', hasKnownParents: false, compiledPackages: ['golang.org/x/crypto/md4', 'golang.org/x/crypto/ssh'], introducedBy: [declaration('golang.org/x/crypto', 'Gopkg.lock', 40)] },
    vulnerablePackages: ['golang.org/x/crypto/ssh'],
    tier: 'imported',
    summary: /^Gopkg\.lock records that the build compiles in golang\.org\/x\/crypto\/md4, golang\.org\/x\/crypto\/ssh/,
  },
];

suite('core/correlate/reachability: tiers lower a finding only on positive evidence', () => {
  for (const { name, ecosystem, pkg, graph, sites = [], vulnerablePackages = [], otherModules = [], tier, summary } of cases) {
    test(name, () => {
      const resolved: ResolvedPackage = { ecosystem, version: '1.0.0', isDirect: false, isDevOnly: false, chain: [pkg.name], ...pkg };
      const dependencyGraph: DependencyGraph = { ecosystem, declared: [], packages: [resolved, ...otherModules.map((other): ResolvedPackage => ({ ecosystem, name: other, version: '1.0.0', isDirect: true, isDevOnly: false, chain: [other], introducedBy: [] }))], hasLockfile: false, ...graph };
      const match: PackageMatch = { graph: { rootDir: '', rootManifestPath: pkg.introducedBy[0]!.manifestPath, overrides: {}, graph: dependencyGraph }, package: resolved, introducedBy: pkg.introducedBy };
      const verdict = decidePackageReachability({ ecosystem, name: pkg.name, version: '1.0.0', purl: `pkg:${ecosystem}/${pkg.name}@1.0.0` }, match, sites.map(([fact]) => fact), new Map(sites), '', noExposure, new Map(), [], vulnerablePackages);
      assert.equal(verdict.tier, tier);
      assert.match(verdict.summary, summary);
      for (const evidence of verdict.evidence.filter((item) => item.location)) {
        const line = evidence.location!.range.start.line + 1;
        assert.ok(!/:\d+ /.test(evidence.message) || evidence.message.includes(`:${line} `), `"${evidence.message}" cites the line it points at`);
      }
    });
  }
});
