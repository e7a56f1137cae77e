import type { Request, Response } from 'express';

/** Not a router: a handler factory, so `app.use('/files/:name', serveFiles())` is itself a route. */
export const serveFiles = () => (req: Request, res: Response) => {
  res.sendFile(req.params.name ?? 'index.html');
};
