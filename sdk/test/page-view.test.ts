import { describe, expect, it } from 'vitest';
import { utmOf } from '../src/page-view.ts';

describe('utmOf', () => {
  it('keeps the five UTM parameters that have a value, by their short name, cut to what the server takes', () => {
    const url = new URL(`https://shop.example.com/p/lamp?utm_source=newsletter&utm_medium=&utm_term=${'t'.repeat(300)}&utm_other=x&ref=home`);
    expect(utmOf(url)).toEqual({ source: 'newsletter', term: 't'.repeat(200) });
  });

  it('is undefined for a URL without any', () => {
    expect(utmOf(new URL('https://shop.example.com/p/lamp?ref=home'))).toBeUndefined();
  });
});
