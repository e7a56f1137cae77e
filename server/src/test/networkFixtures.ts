import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';

/** A self-signed certificate for 127.0.0.1 and localhost: a private CA that a test trusts, or not, by its PEM file. */
export interface PrivateCertificate {
  /** The certificate's PEM file, what `aspm.backend.caCertificates` and `--ca-certificate` name. */
  certPath: string;
  key: Buffer;
  cert: Buffer;
  dispose(): void;
}

/** Makes a {@link PrivateCertificate} with openssl in a temp folder (valid two days). */
export function privateCertificate(): PrivateCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'aspm-ca-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { certPath, key: readFileSync(keyPath), cert: readFileSync(certPath), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An HTTPS server on 127.0.0.1 behind a {@link PrivateCertificate}. */
export interface HttpsFixture {
  /** `https://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Starts an HTTPS server on a free port of 127.0.0.1; each request's body is read before `handle` is called. */
export async function startHttpsServer(certificate: PrivateCertificate, handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<HttpsFixture> {
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An OSV-API-compatible mirror (`POST /v1/querybatch`, `GET /v1/vulns/{id}`) of a folder of OSV records. */
export interface OsvMirror extends HttpsFixture {
  /** Every request, as `METHOD /path`, in order. */
  requests: string[];
}

/**
 * Serves the OSV records of `recordsFolder` (JSON files, recursively; unreadable ones are skipped) as the OSV API
 * does, under any path prefix (`/a/b/v1/querybatch`), so a test can tell its callers apart by the URL it gives
 * them. A query is answered with every record of the package whatever its version: the client matches versions
 * itself, as for a local folder.
 */
export async function startOsvMirror(certificate: PrivateCertificate, recordsFolder: string): Promise<OsvMirror> {
  const records = new Map<string, string>();
  const idsByPackage = new Map<string, string[]>();
  for (const file of readdirSync(recordsFolder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json'))) {
    const text = readFileSync(path.join(recordsFolder, file), 'utf8');
    let record: { id?: unknown; affected?: { package?: { ecosystem?: string; name?: string } }[] };
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      continue;
    }
    if (typeof record.id !== 'string') {
      continue;
    }
    records.set(record.id, text);
    for (const { package: pkg } of record.affected ?? []) {
      if (pkg?.ecosystem && pkg.name) {
        const key = packageKey(pkg.ecosystem, pkg.name);
        idsByPackage.set(key, [...(idsByPackage.get(key) ?? []), record.id]);
      }
    }
  }
  const requests: string[] = [];
  const server = await startHttpsServer(certificate, (request, body, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    const url = request.url ?? '';
    const vuln = /\/v1\/vulns\/([^/?]+)$/.exec(url);
    if (request.method === 'POST' && url.endsWith('/v1/querybatch')) {
      const { queries } = JSON.parse(body) as { queries: { package: { ecosystem: string; name: string } }[] };
      response.end(JSON.stringify({ results: queries.map((query) => ({ vulns: (idsByPackage.get(packageKey(query.package.ecosystem, query.package.name)) ?? []).map((id) => ({ id })) })) }));
    } else if (vuln && records.has(decodeURIComponent(vuln[1]!))) {
      response.end(records.get(decodeURIComponent(vuln[1]!)));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  return { ...server, requests };
}

/** Ecosystem and name as OSV compares them: PyPI names per PEP 503, everything case-insensitively. */
function packageKey(ecosystem: string, name: string): string {
  const lower = name.toLowerCase();
  return `${ecosystem.toLowerCase()}\n${ecosystem.toLowerCase() === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower}`;
}

/** A CONNECT proxy on 127.0.0.1 (what `http.proxy` or HTTPS_PROXY names): every tunnel it opens, as `host:port`. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  tunnels: string[];
  /** Ends the open tunnels (no longer HTTP connections the server would close) and the proxy. */
  close(): Promise<void>;
}

/** Starts a {@link ConnectProxy} on a free port. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Duplex>();
  const proxy = createHttpServer();
  proxy.on('connect', (request: IncomingMessage, socket: Duplex) => {
    tunnels.push(request.url ?? '');
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
