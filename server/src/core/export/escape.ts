/**
 * Escapes text for HTML element content and double- or single-quoted attribute values. Findings come from
 * backends and third-party SARIF files: every string they carry is untrusted.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEntities[char]!);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for a Markdown table cell or paragraph: HTML is neutralized, Markdown syntax that could inject links,
 * images, emphasis or code is backslash-escaped, pipes cannot end the cell and line breaks stay inside it.
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text.replace(/[\\`*_{}[\]()#+!|~]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' '));
}
