import { describe, expect, it, vi } from 'vitest';
import {
  any,
  closed,
  items,
  pat,
  ref,
  ty,
  validator,
  type Keyword,
} from '../src/validation/index.js';

// The validator interpreter itself (its agreement with Ajv on every keyword is tested through the
// compiler's generated data, in packages/compiler/test/validators).
describe('validator (the interpreter of generated validator data)', () => {
  it('does no work before the first call, and compiles the data once', () => {
    const handler = vi.fn<Keyword<number>>(() => undefined);
    const validate = validator([handler, 7]);
    expect(handler).not.toHaveBeenCalled();
    expect([validate(1), validate(2)]).toEqual([true, true]);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBe(7);
  });

  it('sets errors on every call, null when valid', () => {
    const validate = validator([ty, 'object', closed, [['a', [ty, 'string'], 1]]]);
    expect([validate({ a: 1, b: 2 }), validate.errors]).toEqual([
      false,
      [
        { instancePath: '/a', schemaPath: '', keyword: 'type', params: { type: 'string' } },
        {
          instancePath: '',
          schemaPath: '',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'b' },
        },
      ],
    ]);
    expect([validate({ a: 'x' }), validate.errors]).toEqual([true, null]);
    expect([validate({}), validate.errors?.map((e) => e.params)]).toEqual([
      false,
      [{ missingProperty: 'a' }],
    ]);
  });

  it('accepts everything for 1 and empty data, nothing for 0', () => {
    expect([validator(1)(Symbol()), validator([])(undefined)]).toEqual([true, true]);
    const never = validator(0);
    expect([never(1), never.errors?.[0]?.keyword]).toEqual([false, 'false schema']);
  });

  it('follows $ref definitions by index, recursively, with paths', () => {
    const validate = validator(
      [ref, 0],
      [
        [
          ty,
          'array',
          items,
          [
            any,
            [
              [ty, 'number'],
              [ref, 0],
            ],
          ],
        ],
      ],
    );
    expect(validate([1, [2, [3]]])).toBe(true);
    expect(validate([1, [2, ['x']]])).toBe(false);
    expect(
      validate.errors!.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath),
    ).toEqual(['/1/1/0', '/1/1', '/1']);
  });

  it('compiles patterns with the flags it is given (legacy patterns without "u")', () => {
    expect(() => validator([pat, '^a\\_b$'])('a_b')).toThrow(SyntaxError);
    const legacy = validator([pat, '^a\\_b$'], [], '');
    expect([legacy('a_b'), legacy('ab')]).toEqual([true, false]);
  });
});
