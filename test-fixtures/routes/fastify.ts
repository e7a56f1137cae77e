import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';

const app = Fastify({ logger: true });

// expect-route: GET /health
app.get('/health', async () => ({ ok: true }));

async function itemsPlugin(instance: FastifyInstance) {
  // expect-route: GET /v1/items/:id
  // expect-route: HEAD /v1/items/:id
  // expect-route: GET /v2/items/:id
  // expect-route: HEAD /v2/items/:id
  instance.route({
    method: ['GET', 'HEAD'],
    url: '/items/:id',
    handler: async (request, reply) => {
      reply.send({ id: (request.params as { id: string }).id });
    },
  });

  // expect-route: POST /v1/items
  // expect-route: POST /v2/items
  instance.post('/items', { schema: { body: { type: 'object' } } }, async (request) => {
    return request.body;
  });
}

const v2 = async (instance: FastifyInstance) => {
  await instance.register(itemsPlugin);
};

app.register(itemsPlugin, { prefix: '/v1' });
app.register(v2, { prefix: '/v2' });
app.register(
  async (admin) => {
    // expect-route: DELETE /admin/cache
    admin.delete('/cache', async () => {
      return { cleared: true };
    });
  },
  { prefix: '/admin' },
);

// expect-route: none
app.get('/no-handler');

void app.listen({ port: 3000 });
