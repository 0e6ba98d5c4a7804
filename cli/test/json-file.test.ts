import { describe, expect, it } from 'vitest';
import { CliError } from '../src/errors.ts';
import { parseJson } from '../src/io/json-file.ts';

const failure = (text: string) => {
  try {
    parseJson('f.json', text);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as CliError).lines;
  }
  throw new Error('expected a parse error');
};

describe('parseJson', () => {
  it('parses strict JSON exactly as JSON.parse does, a byte-order mark aside', () => {
    expect(parseJson('f.json', '\uFEFF{"a": [1, "x"], "__proto__": {"b": 2}}')).toEqual(JSON.parse('{"a": [1, "x"], "__proto__": {"b": 2}}'));
  });

  it('locates the first syntax error by 1-based line and column', () => {
    expect(failure('{\n  "a": 1\n  "b": 2\n}')).toEqual(['f.json:3:3: invalid JSON: expected ","']);
    expect(failure('{"a": tru}')).toEqual(['f.json:1:7: invalid JSON: unexpected character']);
    // An unterminated string is reported where it opens.
    expect(failure('{"a": "unterminated}')).toEqual(['f.json:1:7: invalid JSON: unterminated string']);
  });

  it('counts Windows line endings as one line break', () => {
    expect(failure('{\r\n  "a": 1,\r\n}')).toEqual(['f.json:3:1: invalid JSON: expected a property name in double quotes']);
  });

  it('refuses what JSON does not allow: comments, trailing commas, empty files', () => {
    expect(failure('{"a": 1} // note')).toEqual(['f.json:1:10: invalid JSON: comments are not allowed in JSON']);
    expect(failure('[1, 2,]')).toEqual(['f.json:1:7: invalid JSON: expected a value']);
    expect(failure('   ')).toEqual(['f.json:1:4: invalid JSON: expected a value']);
  });
});
