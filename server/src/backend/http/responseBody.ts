import { pipeline, Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { BackendError } from '../../engine/backendError';

/**
 * Reads a response body, decoding `Content-Encoding` (gzip, deflate, br: proxies compress even when the server
 * did not) and counting the decoded bytes while they stream: past `maxBytes` the transfer is stopped and the
 * answer refused, so memory stays bounded whatever the server (or a compression bomb) sends.
 */
export async function readBody(response: Dispatcher.ResponseData, maxBytes: number, what: string): Promise<Buffer> {
  const tooLarge = (): BackendError => new BackendError('badResponse', `${what}: response larger than ${formatMegabytes(maxBytes)}`, response.statusCode);
  const encodings = contentEncodings(response.headers['content-encoding']);
  const declaredLength = Number(response.headers['content-length']);
  if (encodings.length === 0 && Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    quietDestroy(response.body as unknown as Readable);
    throw tooLarge();
  }
  const unknown = encodings.find((encoding) => !(encoding in decoders));
  if (unknown) {
    quietDestroy(response.body as unknown as Readable);
    throw new BackendError('badResponse', `${what}: the answer is encoded as "${unknown}", which is not supported`, response.statusCode);
  }
  const raw = response.body as unknown as Readable;
  const stages: (Readable | Transform)[] = [raw];
  // Encodings apply in the order listed, so they are undone in reverse.
  for (const encoding of [...encodings].reverse()) {
    stages.push(encoding === 'deflate' ? deflateDecoder() : decoders[encoding]!());
  }
  const decoded = stages.length === 1 ? raw : (pipeline(stages as [Readable, ...Transform[]], () => undefined) as unknown as Readable);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        throw tooLarge();
      }
      chunks.push(buffer);
    }
  } catch (error) {
    for (const stage of stages) {
      quietDestroy(stage);
    }
    if (error instanceof BackendError) {
      throw error;
    }
    if (encodings.length > 0 && !isNetworkError(error)) {
      throw new BackendError('badResponse', `${what}: the ${encodings.join(', ')}-encoded answer cannot be decoded (${(error as Error).message})`, response.statusCode, undefined, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}

const decoders: Record<string, () => Transform> = {
  gzip: () => createGunzip(),
  'x-gzip': () => createGunzip(),
  deflate: () => createInflate(),
  br: () => createBrotliDecompress(),
};

/** `Content-Encoding` values in the order applied; `identity` is no encoding. */
function contentEncodings(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '' && encoding !== 'identity');
}

/**
 * HTTP `deflate` is meant to be zlib-wrapped, but some servers send raw deflate: the first two bytes tell (a zlib
 * header has compression method 8 and a checksum divisible by 31).
 */
function deflateDecoder(): Transform {
  let inner: Transform | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        const isZlib = chunk.length >= 2 && (chunk[0]! & 0x0f) === 8 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0;
        inner = isZlib ? createInflate() : createInflateRaw();
        inner.on('data', (data: Buffer) => this.push(data));
        inner.on('error', (error) => this.destroy(error));
      }
      inner.write(chunk, callback);
    },
    flush(callback) {
      if (!inner) {
        callback();
        return;
      }
      inner.once('end', () => callback());
      inner.end();
    },
  });
}

/** Stops a transfer; the abort error it raises is expected, not a crash. */
function quietDestroy(stream: Readable | Transform): void {
  stream.on('error', () => undefined);
  stream.destroy();
}

/** Failures of the transfer itself (cut connection, timeout), as opposed to a body that cannot be decoded. */
function isNetworkError(error: unknown): boolean {
  const { code = '', name = '' } = error as { code?: string; name?: string };
  return code.startsWith('UND_ERR') || code.startsWith('ECONN') || name === 'AbortError' || name === 'TimeoutError';
}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 1024 / 1024;
  return megabytes >= 1 ? `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB` : `${bytes} bytes`;
}
