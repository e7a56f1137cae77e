import { Sanitizer } from '@acme-fixtures/sanitizer';

/** Renders user comments as HTML, keeping only a few inline tags. */
export class CommentRenderer {
  private readonly sanitizer = new Sanitizer({ allowedTags: ['b', 'i', 'a'] });

  render(body: string): string {
    return `<p>${this.sanitizer.clean(body)}</p>`;
  }
}

/** Sanitizes a signature with the caller's sanitizer. */
export const signature = (sanitizer: Sanitizer, text: string): string => sanitizer.clean(text);
