import { describe, expect, it } from 'vitest';
import { linkReply, linkRequest, parseLinkReply, parseLinkRequest } from './link-protocol';

describe('parseLinkRequest', () => {
  it.each([
    { message: linkRequest({ id: 1, action: 'restart', child: 'bridge' }), ok: true },
    { message: linkRequest({ id: 2, action: 'reload', child: 'prometheus' }), ok: true },
    { message: { type: 'scrape-lab:supervisor-request', id: 3, action: 'quit', child: 'bridge' }, ok: false },
    {
      message: { type: 'scrape-lab:supervisor-request', id: '4', action: 'restart', child: 'bridge' },
      ok: false,
    },
    { message: { cmd: 'NODE_CLUSTER' }, ok: false },
    { message: 'restart bridge', ok: false },
    { message: null, ok: false },
  ])('$message', ({ message, ok }) => {
    expect(parseLinkRequest(message)).toEqual(ok ? message : null);
  });
});

describe('parseLinkReply', () => {
  it.each([
    { message: linkReply(1, null), want: { type: 'scrape-lab:supervisor-reply', id: 1, ok: true } },
    {
      message: linkReply(2, new Error('unknown child "x"')),
      want: { type: 'scrape-lab:supervisor-reply', id: 2, ok: false, error: 'unknown child "x"' },
    },
    { message: { type: 'scrape-lab:supervisor-reply', id: 3, ok: false }, want: null },
    { message: { type: 'scrape-lab:supervisor-request', id: 4, ok: true }, want: null },
    { message: undefined, want: null },
  ])('$message', ({ message, want }) => {
    expect(parseLinkReply(message)).toEqual(want);
  });
});
