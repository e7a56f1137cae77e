/** A container image reference split into its parts. */
export interface ImageRef {
  /** Registry and repository, e.g. `registry.example.com:5000/team/app`. */
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/team/app:1.2@sha256:…`; a colon before the last `/` belongs to the registry, not a tag. */
export function parseImageRef(reference: string): ImageRef {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const rest = at === -1 ? reference : reference.slice(0, at);
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  }
  return { name: rest, digest };
}

/**
 * Why an image reference does not pin what runs: `latest` (the `:latest` tag) or `untagged` (which means latest).
 * Undefined when it is pinned by a version tag or a digest, or cannot be judged (variables, templates).
 */
export function unpinnedImageReason(reference: string): 'latest' | 'untagged' | undefined {
  const trimmed = reference.trim();
  if (trimmed === '' || /[${}]/.test(trimmed)) {
    return undefined;
  }
  const ref = parseImageRef(trimmed);
  if (ref.digest) {
    return undefined;
  }
  if (ref.tag === undefined) {
    return 'untagged';
  }
  return ref.tag === 'latest' ? 'latest' : undefined;
}
