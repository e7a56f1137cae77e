import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { readDockerfile } from './dockerfile';
import { analyzeText, assertMatchesAnnotations } from './iacTestKit.test';

suite('core/index/iac/dockerfile', () => {
  test('finds exactly the annotated findings and signals of iac/Dockerfile', async () => {
    const text = readFixture('iac', 'Dockerfile');
    assertMatchesAnnotations(text, await analyzeText('Dockerfile', text), 'Dockerfile');
  });

  test('stages: names, base images with build arguments resolved, EXPOSE ports, path#stage addresses', () => {
    const text = readFixture('iac', 'Dockerfile');
    const facts = readDockerfile('api/Dockerfile', text);
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(
      facts.stages.map((stage) => [stage.name, stage.image, stage.resolvedImage, stage.exposedPorts]),
      [
        ['deps', 'node', 'node', []],
        ['build', 'node:${NODE_VERSION}-alpine', 'node:20.12.2-alpine', []],
        ['2', 'node:latest', 'node:latest', ['3000']],
      ],
    );
    assert.deepEqual(
      facts.resources.map((resource) => [resource.type, resource.address, resource.images]),
      [
        ['FROM', 'api/Dockerfile#deps', ['node']],
        ['FROM', 'api/Dockerfile#build', ['node:20.12.2-alpine']],
        ['FROM', 'api/Dockerfile#2', ['node:latest']],
      ],
    );
    const lines = text.split('\n');
    const final = facts.resources[2]!.location.range;
    assert.equal(final.start.line, lines.indexOf('FROM node:latest'));
    assert.equal(final.end.line, lines.indexOf('CMD ["node", "dist/server.js"]'));
  });

  test('who runs the final stage', () => {
    const table: [string, string, string | undefined][] = [
      ['no USER', 'FROM node:20\nCMD ["node"]\n', 'The final stage 0 of Dockerfile sets no USER, so its container runs as root'],
      ['USER root', 'FROM node:20\nUSER root\nCMD ["node"]\n', 'The final stage 0 of Dockerfile runs as root (USER root)'],
      ['USER 0:0', 'FROM node:20\nUSER 0:0\n', 'The final stage 0 of Dockerfile runs as root (USER 0:0)'],
      ['USER node', 'FROM node:20\nUSER node\nCMD ["node"]\n', undefined],
      ['USER 10001:10001', 'FROM node:20\nUSER 10001:10001\n', undefined],
      ['inherited from the base stage', 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n', undefined],
      ['root only in a build stage', 'FROM node:20 AS build\nUSER root\nFROM node:20\nUSER node\n', undefined],
      ['a non-root base image', 'FROM gcr.io/distroless/nodejs20-debian12:nonroot\nCMD ["x.js"]\n', undefined],
    ];
    for (const [name, text, message] of table) {
      const signals = readDockerfile('Dockerfile', text).signals.filter((signal) => signal.check === 'dockerfile-root');
      assert.deepEqual(
        signals.map((signal) => signal.message),
        message ? [message] : [],
        name,
      );
    }
  });

  test('base images that are not judged unpinned', () => {
    const table: [string, string, string[]][] = [
      ['scratch', 'FROM scratch\nUSER 1\n', []],
      ['a previous stage', 'FROM node:20 AS build\nFROM build\nUSER 1\n', []],
      ['a digest', 'FROM node@sha256:abc\nUSER 1\n', []],
      ['a variable without default', 'ARG TAG\nFROM node:${TAG}\nUSER 1\n', []],
      ['a variable defaulting to latest', 'ARG TAG=latest\nFROM node:${TAG}\nUSER 1\n', ['unpinned-image']],
      ['a registry port is not a tag', 'FROM registry.local:5000/app\nUSER 1\n', ['unpinned-image']],
    ];
    for (const [name, text, checks] of table) {
      assert.deepEqual(
        readDockerfile('Dockerfile', text).signals.map((signal) => signal.check),
        checks,
        name,
      );
    }
  });

  test('secret-looking ENV and ARG with literal values; references and empty values are fine', () => {
    const text = ['ARG GITHUB_TOKEN', 'ARG NPM_TOKEN=${CI_TOKEN}', 'FROM node:20', 'ENV DB_PASSWORD="hunter22" PORT=3000', 'ENV PASSWORD_FILE=/run/secrets/db', 'ENV JWT_SECRET $SECRET', 'USER node', ''].join('\n');
    const facts = readDockerfile('Dockerfile', text);
    assert.deepEqual(
      facts.signals.map((signal) => [signal.check, signal.location.range.start.line, signal.message]),
      [['plain-secret', 3, 'ENV DB_PASSWORD in Dockerfile is set to a literal value']],
    );
    assert.doesNotMatch(JSON.stringify(facts.signals), /hunter22/);
  });

  test('a file without FROM is a problem, an empty file is not', () => {
    assert.deepEqual(
      readDockerfile('Dockerfile', 'RUN echo hi\n').problems.map((problem) => problem.message),
      ['Dockerfile has no FROM instruction'],
    );
    assert.deepEqual(readDockerfile('Dockerfile', ''), { stages: [], resources: [], signals: [], problems: [] });
  });
});
