import type { Range, SourceLocation } from './location';

/** Web frameworks whose route declarations the index reads. */
export type RouteFramework = 'express' | 'koa' | 'fastify' | 'nestjs' | 'flask' | 'fastapi' | 'django' | 'spring' | 'gin';

/** One HTTP route declared in first-party code. */
export interface RouteFact {
  /** Upper-case HTTP method, or `ALL` for a route that answers every method. */
  method: string;
  /** The path as declared (`/users/:id`), with the mount prefixes the file itself makes known resolved. */
  path: string;
  framework: RouteFramework;
  /** The route declaration (e.g. the `router.get(...)` call). */
  location: SourceLocation;
  /** The handler's body, so a code finding inside it can be tied to the route. */
  handlerRange?: Range;
}
