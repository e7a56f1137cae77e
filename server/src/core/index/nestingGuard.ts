/**
 * Brackets nested deeper than this mark a file as generated or hostile, not source anyone reads: reading facts from
 * its tree costs time quadratic in the depth (every step to a parent node walks down from the root), so such a file
 * is reported and skipped instead (4,000 levels took 1.4 s; real code stays well under 100).
 */
export const maxBracketDepth = 1000;

/**
 * Why a text is too deeply nested to read, or undefined when it is fine. A linear scan of `(`, `[` and `{`,
 * strings and comments included: an over-estimate that is only ever wrong for texts that are extreme anyway.
 */
export function excessiveNesting(text: string): string | undefined {
  let depth = 0;
  let deepest = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 40 || code === 91 || code === 123) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
      }
    } else if ((code === 41 || code === 93 || code === 125) && depth > 0) {
      depth--;
    }
  }
  return deepest > maxBracketDepth ? `Not indexed: brackets nested ${deepest} levels deep (more than ${maxBracketDepth}); is it generated code?` : undefined;
}
