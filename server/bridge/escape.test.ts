import { describe, expect, it } from 'vitest';
import { escapeMetricName } from './escape';

describe('escapeMetricName', () => {
  it.each([
    ['', ''],
    ['requests_total', 'requests_total'],
    ['demo.http.requests.200', 'demo_http_requests_200'],
    ['web-server.hits', 'web_server_hits'],
    ['a--b', 'a_b'],
    ['a---b', 'a_b'],
    ['a-.b', 'a__b'],
    ['5xx', '_5xx'],
    ['caf\u00e9', 'caf_'],
    ['emoji\u{1F600}x', 'emoji_x'],
    ['a b:c/d', 'a_b_c_d'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMetricName(input)).toBe(expected);
  });
});
