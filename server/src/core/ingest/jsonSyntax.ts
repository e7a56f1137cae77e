/**
 * Why `JSON.parse` refused a text, without quoting the text: V8's messages carry an excerpt of it
 * (`Unexpected token 'S', "SECRET=abc"... is not valid JSON`), and a problem message reaches logs and the CLI's
 * output, where a file's content has no place. Keeps the position when V8 gives one.
 */
export function describeJsonSyntaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of JSON input/i.test(message)) {
    return 'the text ends before the JSON value does';
  }
  const position = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  if (!position) {
    return 'syntax error';
  }
  return position[2] !== undefined ? `syntax error at line ${position[2]}, column ${position[3]}` : `syntax error at offset ${position[1]}`;
}
