import { describe, expect, it } from 'vitest';
import { codeOfLink, shareLink } from './share.js';

describe('a shared link', () => {
  it('carries the code in its fragment and gives it back exactly', async () => {
    const code = "// ünïcode ✓\nplay('a', pipe(saw(110), x => lpf(x, 800, 0.4)));\n".repeat(20);
    const link = await shareLink(code, 'http://127.0.0.1:5173/#old');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:5173\/#code=[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(code.length); // deflated
    expect(await codeOfLink(new URL(link).hash)).toBe(code);
  });

  it('gives nothing for a fragment without code or with garbage', async () => {
    expect(await codeOfLink('#port=1&token=a')).toBeUndefined();
    expect(await codeOfLink('#code=!!!')).toBeUndefined();
  });
});
