import { Socket } from 'node:net';

/**
 * Reads newline-delimited text from a file descriptor the parent process opened for this one (an extra stdio
 * pipe), without blocking the event loop or keeping the process alive. A line longer than `maxLineBytes` is
 * dropped whole; `onProblem` hears why, never the content. Resolves `closed` when the parent closes its end.
 */
export function readLines(fd: number, maxLineBytes: number, onLine: (line: string) => void, onProblem: (message: string) => void): { closed: Promise<void> } {
  let pending = '';
  let isOverlong = false;
  let socket: Socket;
  try {
    socket = new Socket({ fd, readable: true, writable: false });
  } catch (error) {
    onProblem(`cannot read file descriptor ${fd}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return { closed: Promise.resolve() };
  }
  socket.setEncoding('utf8');
  socket.unref();
  socket.on('data', (chunk: string) => {
    let text = pending + chunk;
    let newline = text.indexOf('\n');
    while (newline >= 0) {
      const line = text.slice(0, newline);
      text = text.slice(newline + 1);
      if (isOverlong) {
        isOverlong = false; // the end of a dropped line
      } else if (line.trim() !== '') {
        onLine(line);
      }
      newline = text.indexOf('\n');
    }
    if (Buffer.byteLength(text) > maxLineBytes) {
      if (!isOverlong) {
        onProblem(`a line on file descriptor ${fd} is longer than ${maxLineBytes} bytes; dropped`);
      }
      isOverlong = true;
      text = '';
    }
    pending = text;
  });
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      onProblem(`cannot read file descriptor ${fd}: ${error.code ?? error.message}`);
      resolve();
    });
  });
  return { closed };
}
