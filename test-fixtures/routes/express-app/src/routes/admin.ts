import { Router } from 'express';
import { reportsRouter } from './reports';

export const adminRouter = Router();

adminRouter.use('/reports', reportsRouter);

// expect-route: ALL /admin/audit{/*path}
// expect-local: ALL /audit{/*path}
adminRouter.use('/audit', (req, res) => {
  res.json({ audit: req.path });
});
