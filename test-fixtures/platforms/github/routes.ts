/**
 * GitHub REST (api.github.com, or GHES under `/api/v3`) as the fixture answers it: Dependabot alerts paged by the
 * `after` cursor, code and secret scanning alerts by `page`, both announced in `Link` headers; weak ETags;
 * `Bearer`/`token` authentication; 404 for a feature that is off; dismissals validated like the REST API (reasons per
 * alert kind, a comment of at most 280 characters).
 */
import type { IncomingMessage } from 'node:http';
import type { ScenarioReply } from '../../backend/fixtureBackend';
import { copy, positiveInt, type PlatformDefinition, type PlatformRoute, type RouteContext } from '../platformServer';

type Json = Record<string, unknown>;
type Alert = Json & { number: number; state: string };

interface Repository {
  /** Custom property values set on the repository (absent: the owner defines none, 404). */
  properties?: { property_name: string; value: string | string[] | null }[];
  dependabot: Alert[];
  /** `null`: code scanning has no analysis (404). */
  codeScanning: Alert[] | null;
  /** `null`: secret scanning is disabled (404). */
  secretScanning: (Alert & { secret?: string })[] | null;
}

interface HubState {
  repositories: Record<string, Repository>;
}

const documentation = 'https://docs.github.com/rest';
const error = (status: number, message: string): ScenarioReply => ({ status, body: { message, documentation_url: documentation, status: String(status) } });
const now = '2026-11-27T10:00:00Z';

function repository(context: RouteContext<HubState>): Repository | undefined {
  return context.state.repositories[`${context.params[0]}/${context.params[1]}`];
}

/** The alert URLs GitHub fills in, from the repository and number. */
function withUrls(alert: Alert, context: RouteContext<HubState>, kind: string): Json {
  const repo = `${context.params[0]}/${context.params[1]}`;
  const url = `${context.baseUrl}/repos/${repo}/${kind}/alerts/${alert.number}`;
  return {
    ...alert,
    ...(kind === 'code-scanning' ? { instances_url: `${url}/instances` } : {}),
    ...(kind === 'secret-scanning' ? { locations_url: `${url}/locations` } : {}),
    url,
    html_url: `https://github.com/${repo}/security/${kind === 'dependabot' ? 'dependabot' : kind === 'code-scanning' ? 'code-scanning' : 'secret-scanning'}/${alert.number}`,
  };
}

/** `Link` header entries for a page of a list. */
function linkHeader(context: RouteContext<HubState>, next: Record<string, string> | undefined, last?: Record<string, string>): Record<string, string> {
  const links: string[] = [];
  const build = (params: Record<string, string>, rel: string): void => {
    const url = new URL(context.selfUrl);
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.set(key, value);
    }
    links.push(`<${url.toString()}>; rel="${rel}"`);
  };
  if (next) {
    build(next, 'next');
  }
  if (last) {
    build(last, 'last');
  }
  return links.length > 0 ? { Link: links.join(', ') } : {};
}

/** Dependabot: `per_page` (max 100) and the opaque `after` cursor. */
function cursorPage(items: Json[], context: RouteContext<HubState>): ScenarioReply {
  const perPage = positiveInt(context.request.query.per_page, 30, Math.min(100, context.maxPageSize));
  const after = context.request.query.after;
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^idx:/, '')) : 0;
  if (!Number.isInteger(start) || start < 0) {
    return error(400, 'Invalid cursor');
  }
  const end = start + perPage;
  const next = end < items.length ? { after: Buffer.from(`idx:${end}`).toString('base64url'), per_page: String(perPage) } : undefined;
  return { status: 200, body: items.slice(start, end), headers: linkHeader(context, next) };
}

/** Code and secret scanning: `per_page` (max 100) and `page`. */
function numberedPage(items: Json[], context: RouteContext<HubState>): ScenarioReply {
  const perPage = positiveInt(context.request.query.per_page, 30, Math.min(100, context.maxPageSize));
  const page = positiveInt(context.request.query.page, 1);
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const next = page < pages ? { page: String(page + 1), per_page: String(perPage) } : undefined;
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: linkHeader(context, next, next ? { page: String(pages), per_page: String(perPage) } : undefined) };
}

function inStates(alert: Alert, states: string | undefined): boolean {
  return states === undefined || states.split(',').includes(alert.state);
}

const repoPattern = '([^/]+)\\/([^/]+)';

const routes: PlatformRoute<HubState>[] = [
  {
    // The signed-in user (`GET /user`), which "ASPM: Sign In" asks to check a token.
    name: 'getAuthenticatedUser',
    method: 'GET',
    pattern: /^\/user$/,
    handle: () => ({ status: 200, body: { login: 'octocat', id: 1, type: 'User', site_admin: false } }),
  },
  {
    name: 'listDependabotAlerts',
    method: 'GET',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/dependabot\\/alerts$`),
    handle: (context) => {
      const repo = repository(context);
      if (!repo) {
        return error(404, 'Not Found');
      }
      return cursorPage(repo.dependabot.filter((alert) => inStates(alert, context.request.query.state)).map((alert) => withUrls(alert, context, 'dependabot')), context);
    },
  },
  {
    name: 'listCodeScanningAlerts',
    method: 'GET',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/code-scanning\\/alerts$`),
    handle: (context) => {
      const repo = repository(context);
      if (!repo || repo.codeScanning === null) {
        return error(404, repo ? 'no analysis found' : 'Not Found');
      }
      return numberedPage(repo.codeScanning.filter((alert) => inStates(alert, context.request.query.state)).map((alert) => withUrls(alert, context, 'code-scanning')), context);
    },
  },
  {
    name: 'listSecretScanningAlerts',
    method: 'GET',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/secret-scanning\\/alerts$`),
    handle: (context) => {
      const repo = repository(context);
      if (!repo || repo.secretScanning === null) {
        return error(404, repo ? 'Secret scanning is disabled on this repository.' : 'Not Found');
      }
      const hide = context.request.query.hide_secret === 'true';
      const alerts = repo.secretScanning
        .filter((alert) => inStates(alert, context.request.query.state))
        .map((alert) => withUrls(hide ? Object.fromEntries(Object.entries(alert).filter(([key]) => key !== 'secret')) as Alert : alert, context, 'secret-scanning'));
      return numberedPage(alerts, context);
    },
  },
  {
    name: 'getCustomPropertyValues',
    method: 'GET',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/properties\\/values$`),
    handle: (context) => {
      const repo = repository(context);
      return repo?.properties ? { status: 200, body: repo.properties } : error(404, 'Not Found');
    },
  },
  {
    name: 'patchDependabotAlert',
    method: 'PATCH',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/dependabot\\/alerts\\/(\\d+)$`),
    handle: (context) =>
      patchAlert(context, 'dependabot', (repo) => repo.dependabot, (alert, body) => {
        if (body.state === 'dismissed') {
          if (!['fix_started', 'inaccurate', 'no_bandwidth', 'not_used', 'tolerable_risk'].includes(String(body.dismissed_reason))) {
            return error(422, 'Invalid request.\n\nA dismissed_reason must be provided when dismissing an alert.');
          }
          Object.assign(alert, { state: 'dismissed', dismissed_reason: body.dismissed_reason, dismissed_comment: body.dismissed_comment ?? null, dismissed_at: now });
        } else if (body.state === 'open') {
          Object.assign(alert, { state: 'open', dismissed_reason: null, dismissed_comment: null, dismissed_at: null });
        } else {
          return error(422, 'Invalid request.\n\nstate must be one of dismissed, open.');
        }
        return undefined;
      }),
  },
  {
    name: 'patchCodeScanningAlert',
    method: 'PATCH',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/code-scanning\\/alerts\\/(\\d+)$`),
    handle: (context) =>
      patchAlert(context, 'code-scanning', (repo) => repo.codeScanning ?? [], (alert, body) => {
        if (body.state === 'dismissed') {
          if (!['false positive', "won't fix", 'used in tests', 'mitigated'].includes(String(body.dismissed_reason))) {
            return error(400, 'A dismissed_reason is required when dismissing an alert.');
          }
          Object.assign(alert, { state: 'dismissed', dismissed_reason: body.dismissed_reason, dismissed_comment: body.dismissed_comment ?? null, dismissed_at: now });
        } else if (body.state === 'open') {
          Object.assign(alert, { state: 'open', dismissed_reason: null, dismissed_comment: null, dismissed_at: null });
        } else {
          return error(400, 'state must be one of open, dismissed.');
        }
        return undefined;
      }),
  },
  {
    name: 'patchSecretScanningAlert',
    method: 'PATCH',
    pattern: new RegExp(`^\\/repos\\/${repoPattern}\\/secret-scanning\\/alerts\\/(\\d+)$`),
    handle: (context) =>
      patchAlert(context, 'secret-scanning', (repo) => repo.secretScanning ?? [], (alert, body) => {
        if (body.state === 'resolved') {
          if (!['false_positive', 'wont_fix', 'revoked', 'used_in_tests'].includes(String(body.resolution))) {
            return error(422, 'A resolution is required when resolving an alert.');
          }
          Object.assign(alert, { state: 'resolved', resolution: body.resolution, resolution_comment: body.resolution_comment ?? null, resolved_at: now });
        } else if (body.state === 'open') {
          Object.assign(alert, { state: 'open', resolution: null, resolution_comment: body.resolution_comment ?? null, resolved_at: null });
        } else {
          return error(422, 'state must be one of open, resolved.');
        }
        return undefined;
      }),
  },
];

/** The common part of the three PATCHes: the alert, the comment length, then the kind's own rules. */
function patchAlert(context: RouteContext<HubState>, kind: string, listOf: (repo: Repository) => Alert[], apply: (alert: Alert, body: Json) => ScenarioReply | undefined): ScenarioReply {
  const repo = repository(context);
  const alert = repo ? listOf(repo).find((candidate) => String(candidate.number) === context.params[2]) : undefined;
  if (!alert) {
    return error(404, 'Not Found');
  }
  const body = (context.request.body ?? {}) as Json;
  for (const key of ['dismissed_comment', 'resolution_comment']) {
    if (typeof body[key] === 'string' && (body[key] as string).length > 280) {
      return error(422, `Invalid request.\n\n${key} is too long (maximum is 280 characters).`);
    }
  }
  const refused = apply(alert, body);
  return refused ?? { status: 200, body: withUrls(alert, context, kind) };
}

/** `Authorization: Bearer <token>` or the older `token <token>`. */
function isAuthorized(request: IncomingMessage, token: string): boolean {
  return request.headers.authorization === `Bearer ${token}` || request.headers.authorization === `token ${token}`;
}

export const gitHubPlatform: PlatformDefinition<HubState> = {
  kind: 'github',
  defaultToken: 'ghp_fixtureToken0123456789abcdefghijkl',
  routes,
  load: (scenario) => ({ repositories: copy((scenario as Partial<HubState>).repositories ?? {}) }),
  isAuthorized,
  unauthorized: (request) => error(401, request.headers.authorization ? 'Bad credentials' : 'Requires authentication'),
  notFound: () => error(404, 'Not Found'),
  badRequest: (message) => error(400, `Problems parsing JSON: ${message}`),
  sendsEtags: true,
};
