import { Router } from 'express';
import usersRouter from './users';
import * as orders from './orders';
import { registerStatus } from './status';

const api = Router();
api.use('/users', usersRouter);
api.use('/orders', orders.router);
api.use('/v2', createV2Router());
registerStatus(api);

function createV2Router() {
  const router = Router();
  // expect-route: GET /api/v2/ping
  // expect-local: GET /v2/ping
  router.get('/ping', (req, res) => {
    res.json({ pong: true });
  });
  return router;
}

export default api;
