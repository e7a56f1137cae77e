import type { Router } from 'express';

/** Installs the status routes on the router it is given. */
export function registerStatus(router: Router): void {
  // expect-route: GET /api/status
  // expect-local: GET /status
  router.get('/status', (req, res) => {
    res.json({ up: true });
  });
}
