import { describe, expect, it } from 'vitest';
import { smsLength } from '../src/templates/sms-length.ts';

describe('smsLength', () => {
  it('fits 160 GSM-7 characters in one segment, then 153 per segment', () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', characters: 160, segments: 1, perSegment: 160 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, perSegment: 153 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('switches the whole text to UCS-2 for one character outside GSM-7: 70, then 67 per segment', () => {
    const one = smsLength(`${'a'.repeat(68)}🎉`);
    expect(one).toMatchObject({ encoding: 'UCS-2', characters: 69, segments: 1, perSegment: 70, nonGsm: ['🎉'] });
    // The emoji takes two UCS-2 units: 69 letters and it no longer fit in one segment of 70.
    expect(smsLength(`${'a'.repeat(69)}🎉`)).toMatchObject({ encoding: 'UCS-2', segments: 2, perSegment: 67 });
  });

  it('keeps French accents of the GSM alphabet in GSM-7', () => {
    expect(smsLength('Bienvenue, à très vite !').encoding).toBe('GSM-7');
  });

  it('counts a GSM-7 extension character such as € as two places', () => {
    expect(smsLength('€'.repeat(80)).segments).toBe(1);
    expect(smsLength('€'.repeat(81)).segments).toBe(2);
  });

  it('has no segment for an empty text', () => {
    expect(smsLength('')).toMatchObject({ characters: 0, segments: 0, encoding: 'GSM-7' });
  });
});
