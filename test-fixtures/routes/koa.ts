import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const api = new Router({ prefix: '/api' });
const users = new Router();
users.prefix('/users');

// expect-route: GET /api/v1/users/:id
users.get('/:id', async (ctx) => {
  ctx.body = { id: ctx.params.id, agent: ctx.get('User-Agent') };
});

// expect-route: GET /api/v1/users
users.get('user-list', '/', async (ctx) => {
  ctx.body = [];
});

// expect-route: DELETE /api/v1/users/:id
users.del('/:id', async (ctx) => {
  ctx.status = 204;
});

api.use('/v1', users.routes(), users.allowedMethods());

// expect-route: POST /api/login
api.post('/login', login);

// expect-route: ALL /api/echo/(.*)
api.all('/echo/(.*)', async (ctx) => {
  ctx.body = ctx.path;
});

async function login(ctx: Koa.Context) {
  ctx.body = { token: 'x' };
}

app.use(api.routes());
app.listen(3000);
