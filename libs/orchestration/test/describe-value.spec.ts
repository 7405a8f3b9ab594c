import { describe, expect, it } from '@jest/globals';
import { describeValue } from '../src/definition/describe-value';

class Plan {}

describe('describeValue', () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'undefined'],
    ['x', 'a string ("x")'],
    ['', 'a string ("")'],
    ['say "hi"', 'a string ("say \\"hi\\"")'],
    [2, 'a number (2)'],
    [-0.5, 'a number (-0.5)'],
    [Number.NaN, 'a number (NaN)'],
    [Number.POSITIVE_INFINITY, 'a number (Infinity)'],
    [true, 'a boolean (true)'],
    [10n, 'a bigint (10)'],
    [Symbol('s'), 'a symbol (Symbol(s))'],
    [[], 'an empty array'],
    [[1], 'an array of 1 item'],
    [[1, 2, 3], 'an array of 3 items'],
    [{}, 'an object ({})'],
    [{ a: 1 }, 'an object ({"a":1})'],
    [Object.create(null), 'an object ({})'],
    [new Date(0), 'an instance of Date'],
    [new Plan(), 'an instance of Plan'],
    [function build() {}, 'a function (build)'],
  ])('describes %p as %p', (value, described) => {
    expect(describeValue(value)).toBe(described);
  });

  it('cuts a long string or object to 80 characters of JSON', () => {
    expect(describeValue('a'.repeat(300))).toBe(`a string ("${'a'.repeat(78)}…)`);
    expect(describeValue({ text: 'b'.repeat(300) })).toBe(`an object ({"text":"${'b'.repeat(70)}…)`);
  });

  it('names an object it cannot show', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('an object');
  });
});
