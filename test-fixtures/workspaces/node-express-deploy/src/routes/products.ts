import { Router } from 'express';
import _ from 'lodash';
import type { Request } from 'express';
import * as path from 'node:path';
import sanitizeHtml = require('sanitize-html');

export const productsRouter = Router();

productsRouter.get('/search', (req: Request, res) => {
  const query = _.template('<%= q %>')({ q: String(req.query.q ?? '') });
  res.json({ query: sanitizeHtml(query), base: path.basename(req.path) });
});

productsRouter.put('/:id', (req, res) => {
  const product = _.merge({}, req.body);
  res.json(product);
});
