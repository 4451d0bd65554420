import { describe, expect, it } from 'vitest';
import { labErrorMessage } from './lab-error';

describe('labErrorMessage', () => {
  it.each([
    {
      name: "the lab's own message",
      status: 400,
      body: '{"error":"ratePerSecond: Too big: expected number to be <=5000"}',
      want: 'ratePerSecond: Too big: expected number to be <=5000',
    },
    {
      name: "the proxy's message",
      status: 502,
      body: '{"error":"lab unreachable at http://127.0.0.1:9300 (ECONNREFUSED)"}',
      want: 'lab unreachable at http://127.0.0.1:9300 (ECONNREFUSED)',
    },
    { name: 'empty body', status: 500, body: '', want: 'HTTP 500' },
    {
      name: 'JSON without error',
      status: 404,
      body: '{"message":"nope"}',
      want: 'HTTP 404: {"message":"nope"}',
    },
    { name: 'blank error field', status: 400, body: '{"error":"  "}', want: 'HTTP 400: {"error":" "}' },
    {
      name: 'HTML page, whitespace collapsed',
      status: 503,
      body: '<h1>Service\n  Unavailable</h1>',
      want: 'HTTP 503: <h1>Service Unavailable</h1>',
    },
    { name: 'long text is cut', status: 500, body: 'x'.repeat(200), want: `HTTP 500: ${'x'.repeat(120)}…` },
  ])('$name', ({ status, body, want }) => {
    expect(labErrorMessage(status, body)).toBe(want);
  });
});
