import express from 'express';
import type { Server } from 'node:http';
import request from 'supertest';
import { correlationMiddleware } from './correlation.middleware';
import { currentCorrelation, isValidCorrelationId, newCorrelationId, runWithCorrelation } from './correlation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlation context', () => {
  it('does expose the context to async work started inside it', async () => {
    const seen = await runWithCorrelation({ correlationId: 'order-42', causationId: 'evt-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelation();
    });
    expect(seen).toEqual({ correlationId: 'order-42', causationId: 'evt-1' });
  });

  it('does return undefined when no context is active', () => {
    expect(currentCorrelation()).toBeUndefined();
  });

  it('does keep concurrent contexts apart when they interleave', async () => {
    const read = (id: string, delay: number) =>
      runWithCorrelation({ correlationId: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentCorrelation()?.correlationId;
      });
    await expect(Promise.all([read('a', 5), read('b', 1)])).resolves.toEqual(['a', 'b']);
  });

  it('does make uuid correlation ids', () => {
    expect(newCorrelationId()).toMatch(UUID);
  });

  it('does accept only short ids of a plain alphabet', () => {
    expect(isValidCorrelationId('gw:1a2b.3-c_d')).toBe(true);
    expect(isValidCorrelationId('x'.repeat(128))).toBe(true);
    expect(isValidCorrelationId('x'.repeat(129))).toBe(false);
    expect(isValidCorrelationId('')).toBe(false);
    expect(isValidCorrelationId('a b')).toBe(false);
    expect(isValidCorrelationId('id\r\nx-evil: 1')).toBe(false);
    expect(isValidCorrelationId(['a', 'b'])).toBe(false);
  });
});

describe('correlationMiddleware', () => {
  const app = express();
  app.use(correlationMiddleware);
  app.get('/whoami', async (_req, res) => {
    await new Promise((resolve) => setImmediate(resolve));
    res.json({ correlationId: currentCorrelation()?.correlationId });
  });
  let server: Server;
  beforeAll((done) => {
    server = app.listen(0, '127.0.0.1', done);
  });
  afterAll((done) => {
    server.close(done);
  });

  it('does adopt and echo the caller id when it is well formed', async () => {
    const response = await request(server).get('/whoami').set('x-correlation-id', 'portal-req-7');
    expect(response.headers['x-correlation-id']).toBe('portal-req-7');
    expect(response.body).toEqual({ correlationId: 'portal-req-7' });
  });

  it('does replace the caller id with a new uuid when it is malformed', async () => {
    const response = await request(server).get('/whoami').set('x-correlation-id', '<script>');
    expect(response.headers['x-correlation-id']).toMatch(UUID);
    expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
  });

  it('does create a new uuid when the caller sends none', async () => {
    const response = await request(server).get('/whoami');
    expect(response.headers['x-correlation-id']).toMatch(UUID);
    expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
  });
});
