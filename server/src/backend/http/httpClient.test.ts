import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { BackendError } from '../../engine/backendError';
import { startConnectProxy } from '../../test/networkFixtures';
import { checkedBaseUrl, HttpClient } from './httpClient';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A loopback server whose answer each test sets; it records what it received. */
class TestServer {
  handler: Handler = (_request, response) => response.writeHead(404).end();
  readonly received: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TestServer> {
    const holder: { instance?: TestServer } = {};
    const server = createServer((request, response) => {
      holder.instance!.received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      holder.instance!.handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.instance = new TestServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return holder.instance;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const findingsJson = JSON.stringify({ findings: [{ id: 'f-1', title: 'Prototype Pollution in lodash' }], nextCursor: null });

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, String(error));
    return error;
  }
  assert.fail('expected a BackendError');
}

suite('backend/http/httpClient', () => {
  let server: TestServer;
  const waits: number[] = [];
  const client = (options: { maxBodyBytes?: number; timeoutMs?: number } = {}): HttpClient =>
    new HttpClient({ label: 'backend', timeoutMs: options.timeoutMs ?? 5000, maxBodyBytes: options.maxBodyBytes, sleep: (ms) => (waits.push(ms), Promise.resolve()) });

  setup(async () => {
    server = await TestServer.start();
    waits.length = 0;
  });

  teardown(() => server.close());

  test('answers parsed JSON and asks for compressed answers', async () => {
    server.handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(findingsJson);
    const response = await client().send({ url: new URL('api/v1/x', server.url), headers: { authorization: 'Bearer t' } });
    assert.deepEqual(response.body, JSON.parse(findingsJson));
    assert.equal(server.received[0]!.headers['accept-encoding'], 'gzip, deflate, br');
    assert.equal(server.received[0]!.headers.authorization, 'Bearer t');
  });

  test('decodes gzip, deflate (zlib and raw) and br answers, as a proxy may send them (issue 13 §9)', async () => {
    const encoded: [string, Buffer][] = [
      ['gzip', gzipSync(findingsJson)],
      ['deflate', deflateSync(findingsJson)],
      ['deflate', deflateRawSync(findingsJson)],
      ['br', brotliCompressSync(findingsJson)],
      ['gzip, br', brotliCompressSync(gzipSync(findingsJson))],
    ];
    for (const [encoding, body] of encoded) {
      server.handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding }).end(body);
      const response = await client().send({ url: new URL('x', server.url) });
      assert.deepEqual(response.body, JSON.parse(findingsJson), encoding);
    }
  });

  test('a body that does not decode, or an unknown encoding, is a bad answer that says so', async () => {
    server.handler = (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end('{"not":"gzip"}');
    const corrupt = await failure(client().send({ url: new URL('x', server.url) }));
    assert.equal(corrupt.kind, 'badResponse');
    assert.match(corrupt.message, /gzip-encoded answer cannot be decoded/);
    server.handler = (_request, response) => response.writeHead(200, { 'content-encoding': 'zstd' }).end('whatever');
    const unknown = await failure(client().send({ url: new URL('x', server.url) }));
    assert.match(unknown.message, /encoded as "zstd", which is not supported/);
  });

  test('a body over the cap is refused as "larger than N MB" (not "unreachable"), and the transfer stops (issue 13 §9)', async () => {
    const cap = 1024 * 1024;
    let written = 0;
    let isClosed = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // 64 MB sent without Content-Length, chunk by chunk: the client must stop reading after about 1 MB.
    server.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.on('close', () => (isClosed = true));
      const pump = (): void => {
        while (written < 64 * 1024 * 1024 && !isClosed) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    };
    const streamed = await failure(client({ maxBodyBytes: cap }).send({ url: new URL('x', server.url) }));
    assert.equal(streamed.kind, 'badResponse');
    assert.match(streamed.message, /^backend: GET \/x: response larger than 1 MB$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(written < 16 * 1024 * 1024, `the server could send ${written} bytes`);

    server.handler = (_request, response) => response.writeHead(200, { 'content-length': String(cap + 1) }).end(Buffer.alloc(cap + 1, 'a'));
    const declared = await failure(client({ maxBodyBytes: cap }).send({ url: new URL('x', server.url) }));
    assert.match(declared.message, /response larger than 1 MB/);

    // A compression bomb: 20 KB on the wire, 20 MB decoded. The cap counts decoded bytes.
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, ' '));
    server.handler = (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
    const inflated = await failure(client({ maxBodyBytes: cap }).send({ url: new URL('x', server.url) }));
    assert.match(inflated.message, /response larger than 1 MB/);
  });

  test('a redirect is never taken as data nor followed: it names the target without its query (issue 13 §9)', async () => {
    server.handler = (_request, response) => response.writeHead(302, { location: 'https://sso.example.com/login?state=secret-state' }).end('<html>moved</html>');
    const redirected = await failure(client().send({ url: new URL('api/v1/services', server.url) }));
    assert.equal(redirected.kind, 'badResponse');
    assert.equal(redirected.status, 302);
    assert.equal(redirected.message, 'backend: GET /api/v1/services redirected (HTTP 302) to https://sso.example.com/login; set the URL to the final address');
    assert.equal(server.received.length, 1, 'not retried, not followed');
  });

  test('429 and 503 are retried after Retry-After (GET only); a POST is sent once', async () => {
    for (const status of [429, 503]) {
      server.received.length = 0;
      waits.length = 0;
      server.handler = (_request, response) =>
        server.received.length === 1 ? response.writeHead(status, { 'retry-after': '2' }).end('{"error":{}}') : response.writeHead(200).end('{"ok":true}');
      const response = await client().send({ url: new URL('x', server.url) });
      assert.deepEqual(response.body, { ok: true }, String(status));
      assert.deepEqual(waits, [2000], `waited as Retry-After said (${status})`);
    }
    server.received.length = 0;
    server.handler = (_request, response) => response.writeHead(429, { 'retry-after': '1' }).end();
    const post = await failure(client().send({ method: 'POST', url: new URL('x', server.url), json: { a: 1 } }));
    assert.equal(post.kind, 'rateLimited');
    assert.equal(post.retryAfterMs, 1000);
    assert.equal(server.received.length, 1);
  });

  test('statuses map to kinds: 401, 403, 500 (retried, then given up), 404', async () => {
    const table: [number, string][] = [
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [500, 'unreachable'],
      [404, 'badResponse'],
    ];
    for (const [status, kind] of table) {
      server.received.length = 0;
      server.handler = (_request, response) => response.writeHead(status).end();
      const error = await failure(client().send({ url: new URL('x', server.url) }));
      assert.equal(error.kind, kind, String(status));
      assert.equal(error.message, `GET /x answered HTTP ${status}`);
      assert.equal(server.received.length, status === 500 ? 3 : 1, `attempts on ${status}`);
    }
    server.handler = (_request, response) => response.writeHead(404).end('{"detail":"Not found."}');
    const passed = await client().send({ url: new URL('x', server.url), passStatuses: [404] });
    assert.equal(passed.status, 404);
  });

  test('a revalidated GET answers the same body object on 304', async () => {
    server.handler = (request, response) =>
      request.headers['if-none-match'] === '"v1"' ? response.writeHead(304).end() : response.writeHead(200, { etag: '"v1"' }).end(findingsJson);
    const http = client();
    const first = await http.send({ url: new URL('x', server.url), revalidate: true });
    const second = await http.send({ url: new URL('x', server.url), revalidate: true });
    assert.equal(second.body, first.body);
    http.clearCache();
    const third = await http.send({ url: new URL('x', server.url), revalidate: true });
    assert.notEqual(third.body, first.body);
  });

  test('non-JSON, a silent server and a closed port each fail with their own kind', async () => {
    server.handler = (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
    const html = await failure(client().send({ url: new URL('x', server.url) }));
    assert.equal(html.kind, 'badResponse');
    assert.match(html.message, /did not answer JSON \(HTTP 200, 20 bytes\)/);
    server.handler = () => undefined;
    const silent = await failure(client({ timeoutMs: 200 }).send({ url: new URL('x', server.url) }));
    assert.equal(silent.kind, 'timeout');
    assert.equal(silent.message, 'backend did not answer in time');
    const url = server.url;
    await server.close();
    const down = await failure(client().send({ url: new URL('x', url) }));
    assert.equal(down.kind, 'unreachable');
    assert.match(down.message, /^backend unreachable: connection refused/);
    server = await TestServer.start();
  });

  test('goes through VS Code\'s proxy when given, else HTTP(S)_PROXY unless NO_PROXY names the host', async () => {
    server.handler = (_request, response) => response.writeHead(200).end('{"ok":true}');
    const proxy = await startConnectProxy();
    const { url: proxyUrl, tunnels } = proxy;
    const target = new URL('x', server.url);
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
    try {
      await new HttpClient({ label: 'backend', timeoutMs: 5000, proxy: proxyUrl }).send({ url: target });
      assert.deepEqual(tunnels, [target.host], 'the explicit proxy (VS Code http.proxy)');
      delete process.env.http_proxy;
      delete process.env.no_proxy;
      process.env.HTTP_PROXY = proxyUrl;
      process.env.NO_PROXY = '';
      await new HttpClient({ label: 'backend', timeoutMs: 5000 }).send({ url: target });
      assert.deepEqual(tunnels, [target.host, target.host], 'HTTP_PROXY from the environment');
      process.env.NO_PROXY = '127.0.0.1';
      await new HttpClient({ label: 'backend', timeoutMs: 5000 }).send({ url: target });
      assert.equal(tunnels.length, 2, 'NO_PROXY: straight to the host');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
      await proxy.close();
    }
  });

  test('base URLs: https, or http to loopback; never credentials', () => {
    assert.equal(checkedBaseUrl('https://dojo.example.com/', 'x').toString(), 'https://dojo.example.com/');
    assert.equal(checkedBaseUrl('http://127.0.0.1:8080', 'x').toString(), 'http://127.0.0.1:8080/');
    for (const raw of ['http://dojo.example.com', 'https://user:secret@dojo.example.com', 'not a url']) {
      assert.throws(
        () => checkedBaseUrl(raw, 'source URL'),
        (error: unknown) => error instanceof BackendError && error.kind === 'notConfigured' && !error.message.includes('secret'),
        raw,
      );
    }
  });
});
