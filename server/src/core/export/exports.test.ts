import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { cycloneDxErrors, openVexErrors } from '../../test/exportSchemas';
import { fixturePath, indexedFixtureEngine } from '../../test/fixtures';
import { loadOsvFolder } from '../../host/osvSource';
import { formatPurl } from '../model/purl';
import { buildCycloneDx, withSerialNumber, type CycloneDxBom } from './cyclonedx';
import type { ExportInput } from './exportInput';
import { buildOpenVex } from './openvex';

const workspaces = readdirSync(fixturePath('workspaces')).sort();
const tool = { name: 'aspm', version: '0.1.0' };

/** A fixture workspace analysed against the OSV fixture records (npm, PyPI, Go and Maven advisories). */
async function exportInputOf(workspace: string): Promise<ExportInput> {
  const engine = await indexedFixtureEngine(workspace);
  engine.setAdvisories((await loadOsvFolder(fixturePath('osv', 'records'), { source: 'osv-fixtures' })).advisories);
  return engine.exportInput({ minPriority: 40, showUnreachable: false }, `github.com/acme/${workspace}`, tool);
}

type Component = { 'bom-ref': string; purl?: string; type: string; scope?: string; hashes?: { alg: string; content: string }[]; evidence?: { occurrences?: { location: string; line: number }[] } };

suite('core/export: CycloneDX 1.6 and OpenVEX on every sample workspace', () => {
  test('there are sample workspaces of every ecosystem and IaC tool', () => {
    for (const expected of ['node-express', 'python-flask', 'go-service', 'java-maven', 'k8s-manifests', 'terraform-aws', 'node-express-deploy']) {
      assert.ok(workspaces.includes(expected), expected);
    }
  });

  for (const workspace of workspaces) {
    test(`${workspace}: the BOM validates against CycloneDX 1.6 and holds every package, edge and vulnerability`, async () => {
      const input = await exportInputOf(workspace);
      const bom = withSerialNumber(buildCycloneDx(input), 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
      assert.equal(await cycloneDxErrors(bom), undefined, 'schema errors');
      const components = (bom.components ?? []) as Component[];
      const refs = new Set(components.map((component) => component['bom-ref']));
      const metadataComponent = (bom.metadata as { component: { 'bom-ref': string; components?: { 'bom-ref': string }[] } }).component;
      refs.add(metadataComponent['bom-ref']);
      metadataComponent.components?.forEach((service) => refs.add(service['bom-ref']));
      ((bom.services ?? []) as { 'bom-ref': string }[]).forEach((service) => refs.add(service['bom-ref']));
      const purls = new Set(components.map((component) => component.purl));
      for (const rooted of input.index.graphs) {
        for (const pkg of rooted.graph.packages) {
          // A dep project pinned by revision only has the revision as its version, as cdxgen gives it.
          const purl = formatPurl(pkg.ecosystem, pkg.name, pkg.version ?? pkg.revision);
          assert.ok(purls.has(purl), `${purl} is a component`);
        }
      }
      const devOnly = input.index.graphs.flatMap((rooted) => rooted.graph.packages).filter((pkg) => pkg.isDevOnly && !input.index.graphs.some((other) => other.graph.packages.some((same) => same.name === pkg.name && same.version === pkg.version && !same.isDevOnly)));
      for (const pkg of devOnly) {
        assert.equal(components.find((component) => component.purl === formatPurl(pkg.ecosystem, pkg.name, pkg.version))?.scope, 'optional', `${pkg.name} is dev-only`);
      }
      for (const entry of bom.dependencies ?? []) {
        assert.ok(refs.has(entry.ref), `graph entry ${entry.ref} is a component`);
        for (const target of entry.dependsOn ?? []) {
          assert.ok(refs.has(target), `${entry.ref} → ${target} is a component`);
        }
      }
      for (const vulnerability of (bom.vulnerabilities ?? []) as { affects: { ref: string }[]; analysis: { state: string; detail: string } }[]) {
        assert.ok(vulnerability.affects.every((affect) => refs.has(affect.ref)), 'affects a component');
        assert.ok(vulnerability.analysis.detail.length > 0, 'the analysis says why');
      }
      const document = buildOpenVex(input);
      const statements = ((bom.vulnerabilities ?? []) as unknown[]).length;
      if (statements === 0) {
        assert.equal(document, undefined, 'OpenVEX needs a statement; none is made up');
      } else {
        assert.equal(openVexErrors(document), undefined, 'OpenVEX schema errors');
        assert.equal(document!.statements.length, statements, 'one OpenVEX statement per CycloneDX vulnerability');
      }
    });
  }

  test('node-express: npm integrity, lockfile edges and declarations end up in the BOM; VEX follows the verdicts', async () => {
    const bom: CycloneDxBom = buildCycloneDx(await exportInputOf('node-express'));
    const components = bom.components as Component[];
    const lodash = components.find((component) => component.purl === 'pkg:npm/lodash@4.17.15')!;
    assert.equal(lodash.scope, 'required');
    assert.equal(lodash.hashes?.[0]?.alg, 'SHA-512');
    assert.deepEqual(lodash.evidence?.occurrences, [{ location: 'package.json', line: 14 }]);
    const express = bom.dependencies!.find((entry) => entry.ref === 'pkg:npm/express@4.17.1')!;
    assert.ok(express.dependsOn?.includes('pkg:npm/qs@6.7.0'), 'express → qs');
    const mocha = components.find((component) => component.purl === 'pkg:npm/mocha@8.4.0')!;
    assert.equal(mocha.scope, 'optional', 'a dev dependency is optional');
    const vulnerabilities = bom.vulnerabilities as { id: string; analysis: { state: string; justification?: string }; ratings: { method: string; score: number }[] }[];
    const qs = vulnerabilities.find((vulnerability) => vulnerability.id === 'GHSA-hrpp-h998-j3pp')!;
    assert.equal(qs.analysis.state, 'in_triage', 'imported through express: whether the vulnerable code runs is unknown');
    assert.ok(qs.ratings.some((rating) => rating.method === 'other' && rating.score > 0), 'the priority score is a rating');
  });

  test('go-service: go.sum h1 is a property, never a hash; Go modules have no graph entry (go.mod records no edges)', async () => {
    const bom = buildCycloneDx(await exportInputOf('go-service'));
    const gin = (bom.components as (Component & { properties?: { name: string; value: string }[] })[]).find((component) => component.purl === 'pkg:golang/github.com/gin-gonic/gin@v1.9.0')!;
    assert.equal(gin.hashes, undefined);
    assert.deepEqual(gin.properties?.find((property) => property.name === 'aspm:go.sum:h1')?.value, 'h1:Ly+CPX0WG6xzwBlP3JMiXgL71oZj/icn027m8SEXaQU=');
    assert.equal(bom.dependencies!.find((entry) => entry.ref === gin['bom-ref']), undefined, 'unknown, not "depends on nothing"');
    const service = bom.dependencies!.find((entry) => entry.ref.startsWith('service:'))!;
    assert.ok(service.dependsOn?.includes(gin['bom-ref']), 'the module depends on its direct requires');
  });

  test('python-flask: each distribution file of a package is a distribution reference with its sha256', async () => {
    const bom = buildCycloneDx(await exportInputOf('python-flask'));
    const pyjwt = (bom.components as (Component & { externalReferences?: { url: string; type: string; hashes?: { alg: string; content: string }[] }[] })[]).find((component) => component.purl === 'pkg:pypi/pyjwt@2.4.0')!;
    assert.deepEqual(
      pyjwt.externalReferences?.map((reference) => `${reference.type} ${reference.url} ${reference.hashes?.[0]?.alg} ${reference.hashes?.[0]?.content.slice(0, 8)}`),
      ['distribution PyJWT-2.4.0-py3-none-any.whl SHA-256 970f47fc', 'distribution PyJWT-2.4.0.tar.gz SHA-256 45d356f7'],
    );
  });

  test('first-party workspace packages and Maven modules are components, depending on what they declare', async () => {
    const yarn = buildCycloneDx(await exportInputOf('yarn-berry'));
    const api = (yarn.components as (Component & { properties?: { name: string; value: string }[] })[]).find((component) => component.purl === 'pkg:npm/%40acme/api@1.0.0')!;
    assert.ok(api, 'the yarn workspace packages/api');
    assert.deepEqual(api.properties?.find((property) => property.name === 'aspm:dependency:role')?.value, 'first-party workspace');
    assert.deepEqual(api.evidence?.occurrences, [{ location: 'packages/api/package.json', line: 1 }]);
    const apiDependencies = yarn.dependencies!.find((entry) => entry.ref === api['bom-ref'])!.dependsOn ?? [];
    assert.ok(apiDependencies.includes('pkg:npm/%40acme/shared@1.0.0'), `api → the shared workspace: ${apiDependencies.join(', ')}`);
    assert.ok(apiDependencies.includes('pkg:npm/express@4.17.1'), 'api → express');
    const maven = buildCycloneDx(await exportInputOf('java-maven'));
    assert.ok((maven.components as Component[]).some((component) => component.purl === 'pkg:maven/com.acme.shop/shop-common@1.4.0-SNAPSHOT'), 'the common module');
  });

  test('k8s-manifests: container images with their tag or digest and pinning', async () => {
    const bom = buildCycloneDx(await exportInputOf('k8s-manifests'));
    const containers = (bom.components as (Component & { version?: string; properties?: { name: string; value: string }[] })[]).filter((component) => component.type === 'container');
    const pinning = (reference: string): string | undefined =>
      containers.find((component) => component.properties?.some((property) => property.name === 'aspm:image:reference' && property.value === reference))?.properties?.find((property) => property.name === 'aspm:image:pinning')?.value;
    assert.equal(pinning('ghcr.io/acme/shop-web:latest'), 'unpinned');
    assert.equal(pinning('ghcr.io/acme/shop-migrations:1.4.2'), 'tag');
    assert.equal(pinning('ghcr.io/acme/shop-api:2.3.1@sha256:3b5c1b4e1f5e6a0c2d9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6c5b4a3'), 'digest');
    const digestPinned = containers.find((component) => component.version?.startsWith('sha256:'))!;
    assert.deepEqual(digestPinned.hashes, [{ alg: 'SHA-256', content: '3b5c1b4e1f5e6a0c2d9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6c5b4a3' }]);
    const services = bom.services as { 'x-trust-boundary'?: boolean; trustZone?: string }[];
    assert.equal(services[0]?.['x-trust-boundary'], true, 'the LoadBalancer Service makes it internet-facing');
  });
});
