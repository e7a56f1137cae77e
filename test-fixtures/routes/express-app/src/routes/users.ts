import express from 'express';
import axios from 'axios';
import type { Request, Response } from 'express';

const router = express.Router();

async function listUsers(req: Request, res: Response) {
  const upstream = await axios.get('/internal/users', { timeout: 1000 });
  res.json(upstream.data);
}

const asyncHandler = (fn: (req: Request, res: Response) => Promise<void>) => fn;

// expect-route: GET /api/users
// expect-local: GET /
router.get('/', listUsers);

// expect-route: GET /api/users/:id
// expect-local: GET /:id
router.get('/:id', (req, res) => {
  res.json({ id: req.params.id, host: req.get('host') });
});

// expect-route: POST /api/users
// expect-local: POST /
router.post('/', asyncHandler(async (req, res) => {
  res.status(201).json(req.body);
}));

router
  .route('/:id/avatar')
  // expect-route: GET /api/users/:id/avatar
  // expect-local: GET /:id/avatar
  .get((req, res) => res.sendFile(req.params.id))
  // expect-route: PUT /api/users/:id/avatar
  // expect-local: PUT /:id/avatar
  .put((req, res) => res.sendStatus(204));

// expect-route: none
axios.get('/not/a/route', { timeout: 1000 });

export default router;
