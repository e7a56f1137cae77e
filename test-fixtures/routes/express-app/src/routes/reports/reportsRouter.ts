import { Router } from 'express';

export const reportsRouter = Router({ mergeParams: true });

// expect-route: GET /admin/reports/daily/:day
// expect-local: GET /daily/:day
reportsRouter.get('/daily/:day', (req, res) => {
  res.json({ day: req.params.day });
});
