import { replaceAnchor, type IacRule } from './iacRule';

/**
 * `iac-public-bucket`: a storage bucket readable by anyone: an S3 public access block with `false` flags, a public
 * canned ACL, a GCS IAM grant to `allUsers`/`allAuthenticatedUsers`, or an Azure container with anonymous access.
 */
export const publicBucketRule: IacRule = {
  id: 'iac-public-bucket',
  check: 'public-bucket',
  signalKind: 'public-data-store',
  title: 'Storage bucket open to the public',
  cwe: ['CWE-732'],
  rationale: 'Anyone who finds the bucket name can read its objects; public buckets are a leading cause of data leaks.',
  remediation: 'Keep the bucket private and serve public content through a CDN with an origin access identity (or signed URLs) instead.',
  severity: () => 'high',
  fix(signal) {
    switch (signal.detail?.variant) {
      case 'access-block': {
        const edits = replaceAnchor(signal.anchor, 'true');
        return edits ? { description: 'block public access (set every flag to true).', edits } : undefined;
      }
      case 'acl':
      case 'container-access': {
        const edits = replaceAnchor(signal.anchor, '"private"');
        return edits ? { description: 'make the bucket private.', edits } : undefined;
      }
      default:
        return undefined; // removing an IAM grant may break a deliberate public site: no mechanical fix
    }
  },
};
