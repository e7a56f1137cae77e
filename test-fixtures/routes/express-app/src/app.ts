import express from 'express';
import helmet from 'helmet';
import api from './routes';
import { adminRouter } from './routes/admin';
import { serveFiles } from './files';

const app = express();
app.use(helmet());
app.use(express.json());
app.use('/static', express.static('public'));
app.use('/api', api);
app.use('/admin', adminRouter);

// expect-route: ALL /files/:name{/*path} (no handler)
// expect-local: none
app.use('/files/:name', serveFiles());

// expect-route: GET /health
app.get('/health', (req, res) => {
  res.send('ok');
});

// expect-route: none
app.get('env');

// expect-route: none
app.get(/^\/legacy\/.*$/, (req, res) => res.send('regex routes are not indexed'));

app.listen(3000);
