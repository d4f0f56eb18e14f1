/** The bundle's stand-in for node:crypto hashes exactly as Node does (the IR's rule hashes depend on it). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHash as shimHash } from '../src/shims/node-crypto.js';

const node = (text: string) => createHash('sha256').update(text).digest('hex');
const shim = (text: string) => shimHash('sha256').update(text).digest('hex');

describe('the node:crypto shim', () => {
  it.each([
    ['empty', ''],
    ['ascii', 'abc'],
    ['55 bytes (one block with the length)', 'a'.repeat(55)],
    ['56 bytes (padding spills into a second block)', 'a'.repeat(56)],
    ['64 bytes', 'a'.repeat(64)],
    ['two- to four-byte UTF-8', 'é漢😀'],
    ['a lone high surrogate', 'x\ud800y'],
    ['a lone low surrogate at the end', 'x\udc00'],
    ['a long text', 'Signed Up "Beta" </script>&'.repeat(5000)],
  ])('%s', (_, text) => {
    expect(shim(text)).toBe(node(text));
  });

  it('agrees with Node on 500 random UTF-16 strings', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 500; i++) {
      let text = '';
      for (let n = next() % 200; n > 0; n--) text += String.fromCharCode(next() % 65536);
      expect(shim(text)).toBe(node(text));
    }
  });

  it('update() calls concatenate, as Node does', () => {
    expect(shimHash('sha256').update('ab').update('c').digest('hex')).toBe(node('abc'));
  });
});
